package dev.economy.query.bank;

import dev.economy.messages.bank.LedgerErrorCode;
import dev.economy.messages.problem.ProblemCodes;
import java.time.Duration;
import org.springframework.http.HttpStatus;

/**
 * A refusal of the read API that the caller can act on: rendered as problem+json with a stable
 * {@code code} by {@link QueryProblemAdvice}. No stack trace is needed to explain it.
 */
final class QueryProblem extends RuntimeException {

  private final HttpStatus status;
  private final String code;
  private final Duration retryAfter;

  private QueryProblem(HttpStatus status, String code, String detail, Duration retryAfter) {
    super(detail, null, false, false);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }

  static QueryProblem validation(String detail) {
    return new QueryProblem(HttpStatus.BAD_REQUEST, LedgerErrorCode.VALIDATION_FAILED.code(), detail, null);
  }

  static QueryProblem notFound(String detail) {
    return new QueryProblem(HttpStatus.NOT_FOUND, LedgerErrorCode.NOT_FOUND.code(), detail, null);
  }

  static QueryProblem unauthenticated() {
    return new QueryProblem(HttpStatus.UNAUTHORIZED, ProblemCodes.UNAUTHENTICATED,
        "this needs an access token: send Authorization: Bearer <token>", null);
  }

  static QueryProblem forbidden(String detail) {
    return new QueryProblem(HttpStatus.FORBIDDEN, ProblemCodes.FORBIDDEN, detail, null);
  }

  static QueryProblem tooManyStreams(int streamsMax, Duration retryAfter) {
    return new QueryProblem(HttpStatus.TOO_MANY_REQUESTS, ProblemCodes.TOO_MANY_STREAMS,
        "this server already serves its maximum of " + streamsMax + " live streams; try again later", retryAfter);
  }

  static QueryProblem unavailable(String detail) {
    return new QueryProblem(HttpStatus.SERVICE_UNAVAILABLE, ProblemCodes.UNAVAILABLE, detail, Duration.ofSeconds(1));
  }

  HttpStatus status() {
    return status;
  }

  String code() {
    return code;
  }

  /** For Retry-After, or null. */
  Duration retryAfter() {
    return retryAfter;
  }
}
