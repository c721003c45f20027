package dev.economy.command.ledger.web;

import dev.economy.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * What one command came to: an HTTP status and either its outcome or its problem. The single
 * endpoints answer it as the response; the batch endpoint lists one per command.
 */
record CommandResult(HttpStatus status, Object outcome, ProblemDetail problem) {

  static CommandResult of(HttpStatus status, Object outcome) {
    return new CommandResult(status, outcome, null);
  }

  static CommandResult problem(ProblemDetail problem) {
    return new CommandResult(HttpStatus.valueOf(problem.getStatus()), null, problem);
  }

  ResponseEntity<Object> toResponse() {
    if (problem != null) {
      return Problems.response(problem);
    }
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(outcome);
  }
}
