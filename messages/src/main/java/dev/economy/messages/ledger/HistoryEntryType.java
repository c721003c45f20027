package dev.economy.messages.ledger;

/**
 * What a line of an account's history records (column account_history.entry_type, and the history
 * API's entryType): written by the projections, read by the query side.
 */
public enum HistoryEntryType {
  /** Money left the account (the first step of a transfer out). */
  DEBIT,
  /** Money arrived (a transfer in settled). */
  CREDIT,
  /** Money came back: the destination refused a transfer out of this account. */
  REFUND
}
