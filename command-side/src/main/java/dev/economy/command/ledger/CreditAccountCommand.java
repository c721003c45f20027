package dev.economy.command.ledger;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Internal to the ledger: the credit side of a pending transfer. */
record CreditAccountCommand(
    @TargetAggregateIdentifier String accountId,
    String transferId,
    String idempotencyKey,
    String counterpartyAccountId,
    long amountMinor,
    String reasonCode,
    String memo,
    String actor) {}
