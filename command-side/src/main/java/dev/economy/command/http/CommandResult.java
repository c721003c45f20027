package dev.economy.command.http;

import org.springframework.http.HttpHeaders;
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
      ResponseEntity.BodyBuilder response = ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
      if (status == HttpStatus.UNAUTHORIZED) {
        // RFC 9110 and 6750: a 401 says how to authenticate.
        response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"economy\"");
      }
      return response.body(problem);
    }
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(outcome);
  }
}
