package dev.economy.messages.players;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A login attempt with a password, decided by the Player aggregate, which holds the password hash.
 * The candidate password travels only in this command, inside the process (or to Axon Server over
 * its TLS connection); it is never stored, and {@link #toString()} leaves it out so that no log
 * line that prints commands can show it. The answer is a {@link LoginOutcome}.
 *
 * @param address the client's address, as the HTTP layer resolved it (for the events)
 */
public record LogInPlayerCommand(
    @TargetAggregateIdentifier String playerId, String password, String address) {

  @Override
  public String toString() {
    return "LogInPlayerCommand[playerId=" + playerId + ", address=" + address + "]";
  }
}
