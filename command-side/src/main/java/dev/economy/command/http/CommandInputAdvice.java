package dev.economy.command.http;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

/**
 * A body that cannot be read (malformed JSON, a wrong type, an unknown field, no body) is a
 * validation_failed problem that names the field. Every other error of these controllers goes on to
 * the application's problem+json handler.
 */
@RestControllerAdvice(basePackageClasses = CommandInputAdvice.class)
class CommandInputAdvice {

  @ExceptionHandler(ServerWebInputException.class)
  ResponseEntity<Object> unreadableInput(ServerWebInputException unreadable) {
    return CommandResult.problem(Problems.validationFailed(JsonInputProblems.describe(unreadable))).toResponse();
  }
}
