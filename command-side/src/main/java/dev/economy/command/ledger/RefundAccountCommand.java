package dev.economy.command.ledger;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Internal to the ledger: a pending transfer whose credit failed goes back to its source. */
record RefundAccountCommand(
    @TargetAggregateIdentifier String accountId,
    String transferId,
    String idempotencyKey,
    String counterpartyAccountId,
    long amountMinor,
    String reasonCode,
    String memo,
    String actor,
    String failureCode) {}
