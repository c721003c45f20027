package dev.economy.messages.players;

import java.time.Instant;

/** Too many wrong passwords: no password login for this player until {@code lockedUntil}. */
public record PlayerLockedOutEvent(
    String playerId, int failedAttempts, Instant lockedUntil, Instant lockedAt) {}
