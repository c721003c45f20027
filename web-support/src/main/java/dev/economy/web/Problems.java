package dev.economy.web;

import dev.economy.messages.ErrorCode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;

/**
 * The one builder of RFC 9457 problem+json bodies, used by every context: type
 * urn:economy:problem:{code}, title, status, detail, code. The title follows from the code (RFC
 * 9457: the same for every occurrence of a type); the detail says what happened this time.
 *
 * <p>A refusal is a Spring {@link ErrorResponseException} carrying such a body (and its headers:
 * WWW-Authenticate on a 401, Retry-After where waiting helps); the application's handler ({@link
 * ProblemJsonExceptionHandler}) renders any of them and keeps their code. Contexts keep only their
 * list of codes ({@link ErrorCode} enums, or constants beside their endpoints).
 */
public final class Problems {

  /** RFC 9110 and RFC 6750: a 401 says how to authenticate. */
  public static final String BEARER_CHALLENGE = "Bearer realm=\"economy\"";

  private Problems() {}

  public static ProblemDetail problem(HttpStatus status, String code, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create(ProblemCodes.type(code)));
    problem.setTitle(ProblemCodes.title(code));
    problem.setProperty(ProblemCodes.CODE_MEMBER, code);
    return problem;
  }

  public static ProblemDetail problem(ErrorCode code, String detail) {
    return problem(HttpStatus.valueOf(code.httpStatus()), code.code(), detail);
  }

  public static ProblemDetail validationFailed(String violation) {
    return problem(HttpStatus.BAD_REQUEST, ProblemCodes.VALIDATION_FAILED, violation);
  }

  /** Every broken input rule at once, so that a client mends them in one go. */
  public static ProblemDetail validationFailed(List<String> violations) {
    return validationFailed(String.join("; ", violations));
  }

  /** A refusal for the application's handler to render (from filters, controllers, services). */
  public static ErrorResponseException refusal(HttpStatus status, String code, String detail) {
    return refusal(problem(status, code, detail));
  }

  public static ErrorResponseException refusal(ErrorCode code, String detail) {
    return refusal(problem(code, detail));
  }

  /** The refusal of this body, with the headers its status asks for (WWW-Authenticate on a 401). */
  public static ErrorResponseException refusal(ProblemDetail problem) {
    HttpStatus status = HttpStatus.valueOf(problem.getStatus());
    ErrorResponseException refusal = new ErrorResponseException(status, problem, null);
    if (status == HttpStatus.UNAUTHORIZED) {
      refusal.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, BEARER_CHALLENGE);
    }
    return refusal;
  }

  public static ErrorResponseException validation(String violation) {
    return refusal(validationFailed(violation));
  }

  /** No token where one is needed (401 with WWW-Authenticate). */
  public static ErrorResponseException unauthenticated(String detail) {
    return refusal(HttpStatus.UNAUTHORIZED, ProblemCodes.UNAUTHENTICATED, detail);
  }

  public static ErrorResponseException forbidden(String detail) {
    return refusal(HttpStatus.FORBIDDEN, ProblemCodes.FORBIDDEN, detail);
  }

  /** A dependency does not answer right now: retry after a second (503). */
  public static ErrorResponseException unavailable(String detail) {
    return retryAfter(
        refusal(HttpStatus.SERVICE_UNAVAILABLE, ProblemCodes.UNAVAILABLE, detail),
        Duration.ofSeconds(1));
  }

  /** Adds Retry-After, in whole seconds and at least one. */
  public static ErrorResponseException retryAfter(ErrorResponseException refusal, Duration wait) {
    refusal.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, wait.toSeconds())));
    return refusal;
  }

  /** Answers a refusal from a controller that returns a ResponseEntity, headers included. */
  public static ResponseEntity<Object> response(ProblemDetail problem) {
    HttpStatus status = HttpStatus.valueOf(problem.getStatus());
    ResponseEntity.BodyBuilder response =
        ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
    if (status == HttpStatus.UNAUTHORIZED) {
      response.header(HttpHeaders.WWW_AUTHENTICATE, BEARER_CHALLENGE);
    }
    return response.body(problem);
  }
}
