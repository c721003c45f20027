package dev.economy.command.players.web;

import dev.economy.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The refusals of the auth endpoints, rendered as problem+json by the application's handler. */
final class AuthProblems {

  private AuthProblems() {}

  static ErrorResponseException unauthorized(String code, String detail) {
    return Problems.refusal(HttpStatus.UNAUTHORIZED, code, detail);
  }

  static ErrorResponseException validationFailed(String detail) {
    return Problems.validation(detail);
  }

  static ErrorResponseException unavailable(String detail) {
    return Problems.unavailable(detail);
  }
}
