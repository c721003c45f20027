package dev.economy.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Every error that leaves the web stack unanswered becomes problem+json with a stable code: no
 * route (404), wrong method (405), wrong media type (415), body limit (413), the caller seam's
 * refusals, and anything unexpected (500, details only in the log). Runs before Spring Boot's own
 * error handler (order -1), which would answer in another shape. Controllers of either side may
 * raise any Spring {@link ErrorResponse}; a {@code code} property in its body is kept. A body the
 * request still carries is read and dropped first (see {@link RefusedBodies}).
 */
@Component
@Order(-2)
class ProblemJsonExceptionHandler implements WebExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemJsonExceptionHandler.class);

  /** The code of a problem that did not bring one, by its status. */
  private static final Map<Integer, String> CODE_BY_STATUS =
      Map.of(
          400, ProblemCodes.VALIDATION_FAILED,
          401, ProblemCodes.UNAUTHENTICATED,
          403, ProblemCodes.FORBIDDEN,
          404, ProblemCodes.NOT_FOUND,
          405, ProblemCodes.METHOD_NOT_ALLOWED,
          406, ProblemCodes.NOT_ACCEPTABLE,
          413, ProblemCodes.PAYLOAD_TOO_LARGE,
          415, ProblemCodes.UNSUPPORTED_MEDIA_TYPE,
          503, ProblemCodes.UNAVAILABLE);

  private final ObjectMapper objectMapper;
  private final long bodyBytesMax;
  private final long drainBytesMax;

  ProblemJsonExceptionHandler(
      ObjectMapper objectMapper,
      @Value("${economy.http.body-bytes-max:1MB}") DataSize bodyBytesMax) {
    this.objectMapper = objectMapper;
    this.bodyBytesMax = bodyBytesMax.toBytes();
    this.drainBytesMax = RefusedBodies.drainBytesMax(this.bodyBytesMax);
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
    ServerHttpResponse response = exchange.getResponse();
    if (response.isCommitted()) {
      return Mono.error(failure);
    }
    ProblemDetail problem = problemFor(failure, exchange.getRequest());
    byte[] body;
    try {
      body = objectMapper.writeValueAsBytes(problem);
    } catch (JsonProcessingException e) {
      return Mono.error(e);
    }
    return RefusedBodies.drain(exchange, drainBytesMax)
        .flatMap(
            close -> {
              response.setStatusCode(HttpStatusCode.valueOf(problem.getStatus()));
              HttpHeaders headers = response.getHeaders();
              if (failure instanceof ErrorResponse errorResponse) {
                // Allow (405) and Accept (415) tell the client what would have worked.
                errorResponse
                    .getHeaders()
                    .forEach(
                        (name, values) -> {
                          if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE)
                              && !name.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH)) {
                            headers.put(name, values);
                          }
                        });
              }
              headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
              headers.setContentLength(body.length);
              if (close) {
                // The rest of the body stays unread: reusing this connection would mean reading it
                // first.
                headers.set(HttpHeaders.CONNECTION, "close");
              }
              return response.writeWith(
                  Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
            });
  }

  private ProblemDetail problemFor(Throwable failure, ServerHttpRequest request) {
    if (!(failure instanceof ErrorResponse errorResponse)) {
      log.error("unexpected failure of {} {}", request.getMethod(), request.getPath(), failure);
      return Problems.problem(
          HttpStatus.INTERNAL_SERVER_ERROR,
          ProblemCodes.INTERNAL_ERROR,
          "an unexpected error happened on the server; it has been logged");
    }
    HttpStatusCode statusCode = errorResponse.getStatusCode();
    ProblemDetail given = errorResponse.getBody();
    Object givenCode =
        given.getProperties() == null ? null : given.getProperties().get(ProblemCodes.CODE_MEMBER);
    HttpStatus status = HttpStatus.resolve(statusCode.value());
    HttpStatus shown = status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status;
    if (givenCode instanceof String code) {
      ProblemDetail problem = Problems.problem(shown, code, given.getDetail());
      if (given.getProperties() != null) {
        given.getProperties().forEach(problem::setProperty);
      }
      return problem;
    }
    String code = CODE_BY_STATUS.get(statusCode.value());
    if (statusCode.is5xxServerError() || code == null) {
      log.error("failure of {} {}", request.getMethod(), request.getPath(), failure);
      if (statusCode.is5xxServerError()) {
        return Problems.problem(
            shown,
            code == null ? ProblemCodes.INTERNAL_ERROR : code,
            "the server could not answer this request; it has been logged");
      }
      code = "http_" + statusCode.value();
    } else {
      log.debug("refused {} {}: {}", request.getMethod(), request.getPath(), failure.toString());
    }
    String detail =
        statusCode.value() == 413
            ? "the request body is larger than " + bodyBytesMax + " bytes"
            // An unreadable body, said in the client's words: which field, and what was expected.
            : failure instanceof ServerWebInputException
                ? JsonInputProblems.describe(failure)
                : given.getDetail();
    return Problems.problem(shown, code, detail);
  }
}
