package dev.economy.web;

/**
 * The vocabulary of RFC 9457 problem+json bodies that every HTTP side shares: each problem has a
 * stable machine-readable {@code code} member (clients switch on it, so never rename one) and the
 * type {@code urn:economy:problem:<code>}. Ledger refusals use their LedgerErrorCode's code; these
 * are the codes of the HTTP layer itself, shared by every context. A context's own codes live with
 * it (an ErrorCode enum in messages, or constants beside its endpoints).
 */
public final class ProblemCodes {

  /** The problem type of code {@code c} is {@code TYPE_PREFIX + c}. */
  public static final String TYPE_PREFIX = "urn:economy:problem:";

  /** The name of the problem+json member that carries the code. */
  public static final String CODE_MEMBER = "code";

  /** The request is malformed or breaks an input rule (400). Same as the ledger's code. */
  public static final String VALIDATION_FAILED = "validation_failed";

  /** No such route or resource (404). Same as the ledger's code. */
  public static final String NOT_FOUND = "not_found";

  /** The route exists, not for this method (405). */
  public static final String METHOD_NOT_ALLOWED = "method_not_allowed";

  /** No representation the client accepts (406). */
  public static final String NOT_ACCEPTABLE = "not_acceptable";

  /** The request body is larger than the body limit (413). */
  public static final String PAYLOAD_TOO_LARGE = "payload_too_large";

  /** The request line (method, path and query) is longer than the server takes (414). */
  public static final String URI_TOO_LONG = "uri_too_long";

  /** A batch holds more commands than allowed; nothing of it was executed (413). */
  public static final String BATCH_TOO_LARGE = "batch_too_large";

  /** The request body is not of a media type the route reads (415). */
  public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";

  /**
   * A command got no answer in time (503). Its outcome is unknown: it may still complete, so the
   * sender retries with the same idempotency key, which is safe.
   */
  public static final String COMMAND_TIMEOUT = "command_timeout";

  /**
   * Too many registrations or logins from this address, too many wrong passwords for this account
   * (a temporary lockout), or too many wrong link codes from this redeemer; the Retry-After header
   * says when to try again (429).
   */
  public static final String TOO_MANY_ATTEMPTS = "too_many_attempts";

  /** A dependency (the database) is not available right now; retry shortly (503). */
  public static final String UNAVAILABLE = "unavailable";

  /**
   * The request needs a caller and has none, or its access token is not acceptable (malformed, bad
   * signature, expired, wrong issuer, audience or type, unknown key): 401 with WWW-Authenticate.
   */
  public static final String UNAUTHENTICATED = "unauthenticated";

  /**
   * The caller is known but may not do this, or not to this object (another player's money): 403.
   */
  public static final String FORBIDDEN = "forbidden";

  /** A failure on the server's side (500); the log has the details, the body never does. */
  public static final String INTERNAL_ERROR = "internal_error";

  private ProblemCodes() {}

  public static String type(String code) {
    return TYPE_PREFIX + code;
  }

  /**
   * The title of a problem type, the same for every occurrence (RFC 9457): insufficient_funds reads
   * "Insufficient funds".
   */
  public static String title(String code) {
    String words = code.replace('_', ' ');
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }
}
