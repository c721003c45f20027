package dev.economy.command.identity;

import dev.economy.messages.problem.ProblemCodes;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The refusals of the auth endpoints, rendered as problem+json by the application's handler. */
final class AuthProblems {

  private AuthProblems() {}

  static ErrorResponseException unauthorized(String code, String detail) {
    ErrorResponseException exception = new ErrorResponseException(HttpStatus.UNAUTHORIZED,
        problem(HttpStatus.UNAUTHORIZED, code, detail), null);
    // RFC 9110: a 401 says how to authenticate.
    exception.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"economy\"");
    return exception;
  }

  static ErrorResponseException validationFailed(String detail) {
    return new ErrorResponseException(HttpStatus.BAD_REQUEST,
        problem(HttpStatus.BAD_REQUEST, ProblemCodes.VALIDATION_FAILED, detail), null);
  }

  static ErrorResponseException unavailable(String detail) {
    ErrorResponseException exception = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE,
        problem(HttpStatus.SERVICE_UNAVAILABLE, ProblemCodes.UNAVAILABLE, detail), null);
    exception.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
    return exception;
  }

  private static ProblemDetail problem(HttpStatus status, String code, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create(ProblemCodes.type(code)));
    problem.setTitle(ProblemCodes.title(code));
    problem.setProperty(ProblemCodes.CODE_MEMBER, code);
    return problem;
  }
}
