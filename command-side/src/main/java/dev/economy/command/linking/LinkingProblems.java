package dev.economy.command.linking;

import dev.economy.messages.problem.ProblemCodes;
import java.net.URI;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The refusals of the linking flows as Spring error responses carrying the shared problem shape;
 * the application's problem+json handler renders them and keeps their {@code code}.
 */
final class LinkingProblems {
  private LinkingProblems() {}

  static ErrorResponseException of(HttpStatus status, String code, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create(ProblemCodes.type(code)));
    problem.setTitle(ProblemCodes.title(code));
    problem.setProperty(ProblemCodes.CODE_MEMBER, code);
    return new ErrorResponseException(status, problem, null);
  }

  static ErrorResponseException validation(String detail) {
    return of(HttpStatus.BAD_REQUEST, ProblemCodes.VALIDATION_FAILED, detail);
  }

  static ErrorResponseException tooManyAttempts(Duration retryAfter) {
    ErrorResponseException refusal = of(HttpStatus.TOO_MANY_REQUESTS, ProblemCodes.TOO_MANY_ATTEMPTS,
        "too many wrong link codes; try again in " + retryAfter.toSeconds() + " s");
    refusal.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
    return refusal;
  }

  /** No token: RFC 6750 says how to authenticate. */
  static ErrorResponseException unauthenticated() {
    ErrorResponseException refusal = of(HttpStatus.UNAUTHORIZED, ProblemCodes.UNAUTHENTICATED,
        "this needs an access token (Authorization: Bearer ...)");
    refusal.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"economy\"");
    return refusal;
  }

  static ErrorResponseException forbidden(String detail) {
    return of(HttpStatus.FORBIDDEN, ProblemCodes.FORBIDDEN, detail);
  }

  static ErrorResponseException assertionInvalid(String step) {
    return of(HttpStatus.BAD_REQUEST, ProblemCodes.OPENID_ASSERTION_INVALID, step);
  }

  static ErrorResponseException providerUnavailable(String provider, String detail) {
    return of(HttpStatus.BAD_GATEWAY, ProblemCodes.PROVIDER_UNAVAILABLE, provider + ": " + detail);
  }

  static ErrorResponseException stateInvalid() {
    return of(HttpStatus.BAD_REQUEST, ProblemCodes.LINK_STATE_INVALID,
        "this linking flow is unknown, expired, already used or not yours; start it again");
  }
}
