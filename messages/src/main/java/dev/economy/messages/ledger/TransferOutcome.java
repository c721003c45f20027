package dev.economy.messages.ledger;

/**
 * What a transfer command answers. {@code replayed} is true when the idempotency key had been seen
 * before and nothing moved this time.
 */
public record TransferOutcome(
    String transferId,
    String idempotencyKey,
    String fromAccountId,
    String toAccountId,
    long amountMinor,
    TransferStatus status,
    String failureCode,
    boolean replayed) {}
