package dev.economy.messages.players;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Unlinks an external identity from a player; unlinking one that is not linked is a no-op. */
public record UnlinkIdentityCommand(
    @TargetAggregateIdentifier String playerId, ExternalIdentity identity) {}
