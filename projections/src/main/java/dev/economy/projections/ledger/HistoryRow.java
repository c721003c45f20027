package dev.economy.projections.ledger;

import dev.economy.messages.ledger.HistoryEntryType;
import java.time.OffsetDateTime;

/**
 * One row of account_history as the projection writes it: one movement of an account, with the
 * amount signed (negative for a debit) and the balance after it. The query side reads the same
 * columns into its HistoryEntry.
 */
record HistoryRow(
    String accountId,
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
    OffsetDateTime occurredAt) {

  /** The arguments of {@link AccountRowChanges#INSERT_HISTORY}, in its column order. */
  Object[] insertArguments() {
    return new Object[] {
      accountId,
      sequenceNumber,
      entryType.name(),
      transferId,
      idempotencyKey,
      counterpartyAccountId,
      amountMinor,
      balanceAfterMinor,
      reasonCode,
      memo,
      actor,
      failureCode,
      occurredAt
    };
  }
}
