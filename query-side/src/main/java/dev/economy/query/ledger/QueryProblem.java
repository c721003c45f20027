package dev.economy.query.ledger;

import dev.economy.messages.ledger.LedgerErrorCode;
import dev.economy.web.Problems;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The read API's refusals, built with the shared problem+json support and rendered by {@link
 * QueryProblemAdvice}; and the read API's own problem code. No stack trace is needed to explain
 * them.
 */
final class QueryProblem {

  /** This instance serves its maximum of live streams; retry later (429). */
  public static final String TOO_MANY_STREAMS = "too_many_streams";

  private QueryProblem() {}

  static ErrorResponseException validation(String detail) {
    return Problems.validation(detail);
  }

  static ErrorResponseException notFound(String detail) {
    return Problems.refusal(LedgerErrorCode.NOT_FOUND, detail);
  }

  static ErrorResponseException unauthenticated() {
    return Problems.unauthenticated(
        "this needs an access token: send Authorization: Bearer <token>");
  }

  static ErrorResponseException forbidden(String detail) {
    return Problems.forbidden(detail);
  }

  static ErrorResponseException tooManyStreams(int streamsMax, Duration retryAfter) {
    return Problems.retryAfter(
        Problems.refusal(
            HttpStatus.TOO_MANY_REQUESTS,
            TOO_MANY_STREAMS,
            "this server already serves its maximum of "
                + streamsMax
                + " live streams; try again later"),
        retryAfter);
  }

  static ErrorResponseException unavailable(String detail) {
    return Problems.unavailable(detail);
  }
}
