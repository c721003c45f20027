package dev.economy.messages.players;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Registers a player. The password arrives already hashed (the HTTP layer checks the policy on the
 * plaintext and hashes it), so the registration's events can only ever hold the hash, and the
 * aggregate refuses anything that is not an encoded hash.
 *
 * @param playerId chosen by the server ({@link PlayerRules#newPlayerId()})
 * @param email normalised ({@link PlayerRules#normaliseEmail})
 * @param passwordHash an encoded Argon2id hash ({@link PlayerRules#PASSWORD_HASH})
 */
public record RegisterPlayerCommand(
    @TargetAggregateIdentifier String playerId,
    String username,
    String email,
    String passwordHash) {

  /** The hash is no secret to throw around either: keep it out of logs that print commands. */
  @Override
  public String toString() {
    return "RegisterPlayerCommand[playerId=" + playerId + ", username=" + username + "]";
  }
}
