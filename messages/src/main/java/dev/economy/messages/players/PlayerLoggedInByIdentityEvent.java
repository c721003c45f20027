package dev.economy.messages.players;

import java.time.Instant;

/** A game server logged the player in by a linked platform identity and got their tokens. */
public record PlayerLoggedInByIdentityEvent(
    String playerId, ExternalIdentity identity, String gameServer, Instant loggedInAt) {}
