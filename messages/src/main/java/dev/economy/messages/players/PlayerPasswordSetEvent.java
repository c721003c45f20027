package dev.economy.messages.players;

/**
 * The player's password hash (Argon2id, salted, encoded), never the password. It has to be an
 * event: the Player aggregate is event-sourced and checks logins against this hash, and events are
 * the only state it has. It is its own event so that no consumer of registrations or logins gets
 * the hash along with what it wanted; nothing outside the Player aggregate handles this event.
 */
public record PlayerPasswordSetEvent(String playerId, String passwordHash) {

  @Override
  public String toString() {
    return "PlayerPasswordSetEvent[playerId=" + playerId + "]";
  }
}
