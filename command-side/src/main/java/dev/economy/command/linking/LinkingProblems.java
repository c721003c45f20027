package dev.economy.command.linking;

import dev.economy.web.ProblemCodes;
import dev.economy.web.Problems;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The linking context's problem codes, and its refusals built with the shared problem+json support;
 * the application's handler renders them and keeps their {@code code}.
 */
public final class LinkingProblems {

  /**
   * A one-time link code is unknown, expired or already used (400); the three look alike on
   * purpose.
   */
  public static final String LINK_CODE_INVALID = "link_code_invalid";

  /**
   * The state of a Discord or Steam linking flow is unknown, expired, already used or was started
   * by another player (400).
   */
  public static final String LINK_STATE_INVALID = "link_state_invalid";

  /** Discord's token endpoint refused the authorization code (400): start the flow again. */
  public static final String OAUTH_CODE_REJECTED = "oauth_code_rejected";

  /** A Steam OpenID assertion failed a verification step (400); the detail names the step. */
  public static final String OPENID_ASSERTION_INVALID = "openid_assertion_invalid";

  /** A Steam OpenID response_nonce was seen before (400): a replayed assertion. */
  public static final String OPENID_NONCE_REPLAYED = "openid_nonce_replayed";

  /** Discord or Steam did not answer as its protocol says, or not in time (502). */
  public static final String PROVIDER_UNAVAILABLE = "provider_unavailable";

  /** Linking with this provider is switched off: its settings are empty (503). */
  public static final String PROVIDER_NOT_CONFIGURED = "provider_not_configured";

  /** No player has linked this platform identity (404), or the caller has not linked it. */
  public static final String IDENTITY_NOT_LINKED = "identity_not_linked";

  private LinkingProblems() {}

  public static ErrorResponseException of(HttpStatus status, String code, String detail) {
    return Problems.refusal(status, code, detail);
  }

  public static ErrorResponseException validation(String detail) {
    return Problems.validation(detail);
  }

  public static ErrorResponseException tooManyAttempts(Duration retryAfter) {
    return Problems.retryAfter(
        of(
            HttpStatus.TOO_MANY_REQUESTS,
            ProblemCodes.TOO_MANY_ATTEMPTS,
            "too many wrong link codes; try again in " + retryAfter.toSeconds() + " s"),
        retryAfter);
  }

  /** No token: RFC 6750 says how to authenticate. */
  public static ErrorResponseException unauthenticated() {
    return Problems.unauthenticated("this needs an access token (Authorization: Bearer ...)");
  }

  public static ErrorResponseException forbidden(String detail) {
    return Problems.forbidden(detail);
  }

  static ErrorResponseException assertionInvalid(String step) {
    return of(HttpStatus.BAD_REQUEST, OPENID_ASSERTION_INVALID, step);
  }

  static ErrorResponseException providerUnavailable(String provider, String detail) {
    return of(HttpStatus.BAD_GATEWAY, PROVIDER_UNAVAILABLE, provider + ": " + detail);
  }

  public static ErrorResponseException stateInvalid() {
    return of(
        HttpStatus.BAD_REQUEST,
        LINK_STATE_INVALID,
        "this linking flow is unknown, expired, already used or not yours; start it again");
  }
}
