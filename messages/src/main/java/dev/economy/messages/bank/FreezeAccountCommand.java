package dev.economy.messages.bank;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record FreezeAccountCommand(@TargetAggregateIdentifier String accountId, String reason, String actor) {}
