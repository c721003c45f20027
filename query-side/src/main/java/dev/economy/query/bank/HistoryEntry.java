package dev.economy.query.bank;

import java.time.Instant;

/**
 * One movement of an account. {@code amountMinor} is signed (negative for a debit);
 * {@code sequenceNumber} is the account's event sequence number, the same number space as
 * {@link AccountDetails#version()}.
 */
record HistoryEntry(
    long sequenceNumber,
    String entryType,
    String transferId,
    String idempotencyKey,
    String counterpartyAccountId,
    long amountMinor,
    long balanceAfterMinor,
    String reasonCode,
    String memo,
    String actor,
    String failureCode,
    Instant occurredAt) {}
