package dev.economy.messages.players;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A game server logs a player in by a platform identity the game vouches for (POST
 * /api/v1/auth/game-login). The Player aggregate accepts it only while the identity is linked to
 * that player (else identity_not_linked), so an unlink racing the login wins.
 *
 * @param gameServer the actor id of the game server that asked
 */
public record LogInPlayerByIdentityCommand(
    @TargetAggregateIdentifier String playerId, ExternalIdentity identity, String gameServer) {}
