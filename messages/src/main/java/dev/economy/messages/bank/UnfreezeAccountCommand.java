package dev.economy.messages.bank;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record UnfreezeAccountCommand(@TargetAggregateIdentifier String accountId, String reason, String actor) {}
