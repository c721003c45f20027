package dev.economy.messages.ledger;

/**
 * PENDING: debited from the source, in flight. COMPLETED: credited to the destination. RETURNED:
 * the destination refused the credit and the amount went back to the source.
 */
public enum TransferStatus {
  PENDING,
  COMPLETED,
  RETURNED
}
