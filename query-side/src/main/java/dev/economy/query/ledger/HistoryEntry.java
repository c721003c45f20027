package dev.economy.query.ledger;

import dev.economy.messages.ledger.HistoryEntryType;
import java.time.Instant;

/**
 * One movement of an account. {@code amountMinor} is signed (negative for a debit); {@code
 * sequenceNumber} is the account's event sequence number, the same number space as {@link
 * AccountDetails#version()}.
 */
record HistoryEntry(
    long sequenceNumber,
    HistoryEntryType entryType,
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
