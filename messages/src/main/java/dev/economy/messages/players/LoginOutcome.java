package dev.economy.messages.players;

/** What a {@link LogInPlayerCommand} came to. */
public enum LoginOutcome {
  /** The password matched: PlayerLoggedInEvent. */
  SUCCEEDED,
  /** The password did not match: PlayerLoginFailedEvent. */
  FAILED,
  /** The player is locked out (PlayerLockedOutEvent) and the password was not even checked. */
  LOCKED_OUT
}
