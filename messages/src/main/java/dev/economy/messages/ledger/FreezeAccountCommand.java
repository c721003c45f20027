package dev.economy.messages.ledger;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record FreezeAccountCommand(
    @TargetAggregateIdentifier String accountId, String reason, String actor) {}
