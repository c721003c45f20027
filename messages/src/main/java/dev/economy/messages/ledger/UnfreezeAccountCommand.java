package dev.economy.messages.ledger;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record UnfreezeAccountCommand(
    @TargetAggregateIdentifier String accountId, String reason, String actor) {}
