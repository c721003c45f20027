package dev.economy.messages.ledger;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Moves money from one account to another. {@code transferId} is derived from the sender and its
 * idempotency key (see {@link TransferIds}), so the same key from the same sender always lands on
 * the same Transfer aggregate.
 */
public record TransferMoneyCommand(
    @TargetAggregateIdentifier String transferId,
    String idempotencyKey,
    String fromAccountId,
    String toAccountId,
    long amountMinor,
    String reasonCode,
    String memo,
    String actor) {}
