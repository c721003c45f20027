package dev.economy.command.players;

import java.time.Duration;

/**
 * Registration or login refused: a problem code, its HTTP status, the detail for the client and,
 * for 429 and 503, when to try again. Never carries a password, and its detail never says whether
 * an account exists (invalid_credentials is the same for an unknown name and a wrong password).
 */
public final class AuthRefusal extends RuntimeException {

  private final String code;
  private final int httpStatus;
  private final Duration retryAfter;

  AuthRefusal(String code, int httpStatus, String detail, Duration retryAfter) {
    super(detail, null, false, false);
    this.code = code;
    this.httpStatus = httpStatus;
    this.retryAfter = retryAfter;
  }

  public String code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** When a client may try again (429, 503), or null. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** Retry-After in whole seconds, rounded up so that a client never comes back too early. */
  public long retryAfterSeconds() {
    long millis = retryAfter == null ? 0 : retryAfter.toMillis();
    return Math.max(1, (millis + 999) / 1000);
  }
}
