package dev.economy.app.web;

import dev.economy.messages.problem.ProblemCodes;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * problem+json bodies in the shared shape: type urn:economy:problem:{code}, title, status, detail,
 * code. The title follows from the code (RFC 9457: the same for every occurrence of a type); the
 * detail says what happened this time.
 */
final class Problems {
  private Problems() {}

  static ProblemDetail problem(HttpStatus status, String code, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create(ProblemCodes.type(code)));
    problem.setTitle(ProblemCodes.title(code));
    problem.setProperty(ProblemCodes.CODE_MEMBER, code);
    return problem;
  }

  /** For errors raised in filters, outside any controller: the exception handler renders it. */
  static ErrorResponseException exception(HttpStatus status, String code, String detail) {
    return new ErrorResponseException(status, problem(status, code, detail), null);
  }
}
