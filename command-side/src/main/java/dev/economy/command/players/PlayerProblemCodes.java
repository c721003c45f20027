package dev.economy.command.players;

/**
 * The players context's own problem codes (login, tokens). The codes every context shares (such as
 * validation_failed, too_many_attempts) are in the web support's ProblemCodes; the refusals of the
 * Player aggregate are IdentityErrorCode.
 */
public final class PlayerProblemCodes {

  /**
   * Login refused (401): the username or e-mail and the password do not match. The same answer for
   * a name nobody has, so that it tells nobody which accounts exist.
   */
  public static final String INVALID_CREDENTIALS = "invalid_credentials";

  /** A service client's id or secret is wrong (401, POST /api/v1/auth/service-token). */
  public static final String INVALID_CLIENT = "invalid_client";

  /** A refresh token is unknown, expired, already used or revoked (401): log in again. */
  public static final String INVALID_REFRESH_TOKEN = "invalid_refresh_token";

  private PlayerProblemCodes() {}
}
