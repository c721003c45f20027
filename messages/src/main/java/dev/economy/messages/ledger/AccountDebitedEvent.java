package dev.economy.messages.ledger;

/** Money left the account; until the matching credit or refund it is in flight. */
public record AccountDebitedEvent(
    String accountId,
    String transferId,
    String idempotencyKey,
    String counterpartyAccountId,
    long amountMinor,
    long balanceAfterMinor,
    String reasonCode,
    String memo,
    String actor) {}
