package dev.economy.query.bank;

import dev.economy.messages.problem.ProblemCodes;
import java.net.URI;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
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

  @ExceptionHandler(QueryProblem.class)
  ResponseEntity<ProblemDetail> refused(QueryProblem problem, ServerWebExchange exchange) {
    return render(problem, exchange);
  }

  /** The database is down, slow or out of connections: worth retrying, not a bug. */
  @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class,
      TimeoutException.class})
  ResponseEntity<ProblemDetail> databaseUnavailable(Exception e, ServerWebExchange exchange) {
    log.warn("read of {} failed, the database is unavailable: {}", exchange.getRequest().getPath(), e.toString());
    return render(QueryProblem.unavailable("the read models are unavailable right now; try again shortly"), exchange);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e, ServerWebExchange exchange) {
    log.error("read of {} failed", exchange.getRequest().getPath(), e);
    ProblemDetail body = problem(HttpStatus.INTERNAL_SERVER_ERROR, ProblemCodes.INTERNAL_ERROR,
        "the server failed to answer this read; it has been logged", exchange);
    return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(body);
  }

  private static ResponseEntity<ProblemDetail> render(QueryProblem problem, ServerWebExchange exchange) {
    ProblemDetail body = problem(problem.status(), problem.code(), problem.getMessage(), exchange);
    ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.status())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    if (problem.status() == HttpStatus.UNAUTHORIZED) {
      // RFC 9110 and 6750: a 401 says how to authenticate.
      response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"economy\"");
    }
    if (problem.retryAfter() != null) {
      response.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, problem.retryAfter().toSeconds())));
    }
    return response.body(body);
  }


  static ProblemDetail problem(HttpStatus status, String code, String detail, ServerWebExchange exchange) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
    body.setType(URI.create(ProblemCodes.type(code)));
    body.setTitle(ProblemCodes.title(code));
    try {
      body.setInstance(URI.create(exchange.getRequest().getPath().value()));
    } catch (IllegalArgumentException unusualPath) {
      // The instance is a convenience; a path URI cannot represent is no reason to fail the answer.
    }
    body.setProperty(ProblemCodes.CODE_MEMBER, code);
    return body;
  }
}
