package dev.economy.messages.ledger;

/** The destination refused a transfer, so its money came back to the source account. */
public record AccountRefundedEvent(
    String accountId,
    String transferId,
    String idempotencyKey,
    String counterpartyAccountId,
    long amountMinor,
    long balanceAfterMinor,
    String reasonCode,
    String memo,
    String actor,
    String failureCode) {}
