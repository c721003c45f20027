package dev.economy.messages.ledger;

/** The transfer exists under its idempotency key; its debit is in the same commit. */
public record TransferInitiatedEvent(
    String transferId,
    String idempotencyKey,
    String fromAccountId,
    String toAccountId,
    long amountMinor,
    String reasonCode,
    String memo,
    String actor) {}
