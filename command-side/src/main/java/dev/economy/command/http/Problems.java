package dev.economy.command.http;

import dev.economy.messages.bank.LedgerErrorCode;
import dev.economy.messages.problem.ProblemCodes;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

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

  static ProblemDetail ledger(LedgerErrorCode code, String detail) {
    return problem(HttpStatus.valueOf(code.httpStatus()), code.code(), detail);
  }

  static ProblemDetail validationFailed(List<String> violations) {
    return problem(HttpStatus.BAD_REQUEST, ProblemCodes.VALIDATION_FAILED, String.join("; ", violations));
  }

  static ProblemDetail validationFailed(String violation) {
    return problem(HttpStatus.BAD_REQUEST, ProblemCodes.VALIDATION_FAILED, violation);
  }
}
