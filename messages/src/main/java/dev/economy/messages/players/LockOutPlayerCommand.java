package dev.economy.messages.players;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Locks a player's password login until {@code lockedUntil}, after {@code failedAttempts} wrong
 * passwords in a row (the HTTP layer counts them in Redis). The aggregate refuses password logins
 * until then, so the lockout holds even if Redis forgets it.
 */
public record LockOutPlayerCommand(
    @TargetAggregateIdentifier String playerId, int failedAttempts, Instant lockedUntil) {}
