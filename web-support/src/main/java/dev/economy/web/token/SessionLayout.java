package dev.economy.web.token;

/**
 * Where a login (a refresh-token family) lives in Redis, typed once for the side that writes it
 * (command-side's RefreshTokens) and the check every role runs ({@link Sessions}).
 */
public final class SessionLayout {

  /** Every key of the auth state starts with this. */
  public static final String PREFIX = "economy:auth:";

  /** A family's hash (player, revoked flag) is this prefix and the family (session) id. */
  public static final String FAMILY_PREFIX = PREFIX + "family:";

  /** The hash field that is "1" once the family was revoked (logout, reuse of a refresh token). */
  public static final String REVOKED_FIELD = "revoked";

  private SessionLayout() {}

  public static String familyKey(String sessionId) {
    return FAMILY_PREFIX + sessionId;
  }
}
