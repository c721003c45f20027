package dev.economy.messages.ledger;

/** Money of a transfer arrived; it is no longer in flight. */
public record AccountCreditedEvent(
    String accountId,
    String transferId,
    String idempotencyKey,
    String counterpartyAccountId,
    long amountMinor,
    long balanceAfterMinor,
    String reasonCode,
    String memo,
    String actor) {}
