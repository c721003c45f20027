package dev.economy.messages.players;

import java.time.Instant;

public record IdentityLinkedEvent(
    String playerId, ExternalIdentity identity, String linkedVia, Instant linkedAt) {}
