package dev.economy.query.ledger;

import dev.economy.web.ProblemCodes;
import dev.economy.web.Problems;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;

/**
 * RFC 9457 problem+json for the read API's controllers only (the command side and the global
 * handler render their own). The Content-Type is set explicitly: an SSE client asks for
 * text/event-stream, and it must still get a readable refusal rather than a 406.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@RestControllerAdvice(assignableTypes = LedgerQueryController.class)
class QueryProblemAdvice {

  private static final Logger log = LoggerFactory.getLogger(QueryProblemAdvice.class);

  @ExceptionHandler(ErrorResponseException.class)
  ResponseEntity<ProblemDetail> refused(
      ErrorResponseException refusal, ServerWebExchange exchange) {
    Map<String, Object> members = refusal.getBody().getProperties();
    if (members == null || !members.containsKey(ProblemCodes.CODE_MEMBER)) {
      // Not one of ours (Spring's own): as unexpected as before this handler existed.
      return unexpected(refusal, exchange);
    }
    return render(refusal, exchange);
  }

  /** The database is down, slow or out of connections: worth retrying, not a bug. */
  @ExceptionHandler({
    DataAccessResourceFailureException.class,
    TransientDataAccessException.class,
    TimeoutException.class
  })
  ResponseEntity<ProblemDetail> databaseUnavailable(Exception e, ServerWebExchange exchange) {
    log.warn(
        "read of {} failed, the database is unavailable: {}",
        exchange.getRequest().getPath(),
        e.toString());
    return render(
        QueryProblem.unavailable("the read models are unavailable right now; try again shortly"),
        exchange);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e, ServerWebExchange exchange) {
    log.error("read of {} failed", exchange.getRequest().getPath(), e);
    return render(
        Problems.refusal(
            HttpStatus.INTERNAL_SERVER_ERROR,
            ProblemCodes.INTERNAL_ERROR,
            "the server failed to answer this read; it has been logged"),
        exchange);
  }

  /**
   * The refusal's body and headers (WWW-Authenticate, Retry-After), with the request path as the
   * problem's instance.
   */
  private static ResponseEntity<ProblemDetail> render(
      ErrorResponseException refusal, ServerWebExchange exchange) {
    ProblemDetail body = refusal.getBody();
    try {
      body.setInstance(URI.create(exchange.getRequest().getPath().value()));
    } catch (IllegalArgumentException unusualPath) {
      // The instance is a convenience; a path URI cannot represent is no reason to fail the answer.
    }
    return ResponseEntity.status(refusal.getStatusCode())
        .headers(refusal.getHeaders())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(body);
  }
}
