package dev.economy.command.ledger;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Internal to the ledger: only the Transfer aggregate issues it, inside the same unit of work as
 * TransferInitiatedEvent. Package-private so no other code can move money around a Transfer.
 */
record DebitAccountCommand(
    @TargetAggregateIdentifier String accountId,
    String transferId,
    String idempotencyKey,
    String counterpartyAccountId,
    long amountMinor,
    String reasonCode,
    String memo,
    String actor) {}
