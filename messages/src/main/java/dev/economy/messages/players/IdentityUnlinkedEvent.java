package dev.economy.messages.players;

import java.time.Instant;

public record IdentityUnlinkedEvent(
    String playerId, ExternalIdentity identity, Instant unlinkedAt) {}
