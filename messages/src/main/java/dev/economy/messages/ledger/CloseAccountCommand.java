package dev.economy.messages.ledger;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Closing needs a zero balance and nothing in flight out of the account. */
public record CloseAccountCommand(
    @TargetAggregateIdentifier String accountId, String reason, String actor) {}
