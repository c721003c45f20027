package dev.economy.messages.players;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Links an external identity to a player. Refused with identity_already_linked when the identity
 * belongs to another player; linking it again to the same player is a no-op.
 *
 * @param linkedVia how the player proved they own it: {@link #VIA_DISCORD_OAUTH}, {@link
 *     #VIA_STEAM_OPENID}, {@link #VIA_GAME_CODE} (pattern {@link PlayerRules#LINKED_VIA})
 */
public record LinkIdentityCommand(
    @TargetAggregateIdentifier String playerId, ExternalIdentity identity, String linkedVia) {

  public static final String VIA_DISCORD_OAUTH = "discord-oauth";
  public static final String VIA_STEAM_OPENID = "steam-openid";
  public static final String VIA_GAME_CODE = "game-code";
}
