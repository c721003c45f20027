package dev.economy.messages.players;

/**
 * Asks the players context which player linked this platform identity; answered with an {@code
 * Optional<RegisteredPlayer>} (empty: nobody linked it). Read from the lookup table written in the
 * same transaction as the link, so a link that has answered is found.
 */
public record FindPlayerByIdentityQuery(ExternalIdentity identity) {}
