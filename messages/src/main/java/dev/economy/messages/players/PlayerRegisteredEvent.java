package dev.economy.messages.players;

import java.time.Instant;

/**
 * A player registered. Carries no password material: the hash is in {@link PlayerPasswordSetEvent},
 * so that the many consumers of registrations (stats, notifications, the ledger's account opener)
 * never receive it.
 *
 * @param email normalised (lower case), unique among players
 */
public record PlayerRegisteredEvent(
    String playerId, String username, String email, Instant registeredAt) {}
