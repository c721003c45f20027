package dev.economy.query.ledger;

import java.time.Instant;

/**
 * An account as the read API serves it, and as the Redis cache stores it (the {@code data} field of
 * economy:account:{id} is exactly this JSON). {@code version} is the aggregate sequence number of
 * the last event applied: the cache orders writes by it, and SSE uses it as the event id.
 */
record AccountDetails(
    String accountId,
    String ownerId,
    String kind,
    String status,
    long balanceMinor,
    long inFlightOutMinor,
    long version,
    Instant openedAt,
    Instant updatedAt) {}
