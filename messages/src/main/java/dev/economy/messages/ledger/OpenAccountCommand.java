package dev.economy.messages.ledger;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Opens an account; opening the same account again with the same owner and kind is a no-op. */
public record OpenAccountCommand(
    @TargetAggregateIdentifier String accountId, String ownerId, AccountKind kind, String actor) {}
