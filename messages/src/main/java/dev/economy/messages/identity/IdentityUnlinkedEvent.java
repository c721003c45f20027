package dev.economy.messages.identity;

import java.time.Instant;

public record IdentityUnlinkedEvent(String playerId, ExternalIdentity identity, Instant unlinkedAt) {}
