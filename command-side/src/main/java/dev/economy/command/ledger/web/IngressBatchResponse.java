package dev.economy.command.ledger.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.springframework.http.ProblemDetail;

/** One result per command, in the order of the request. */
record IngressBatchResponse(List<Result> results) {

  /**
   * @param index the command's position in the request, from 0
   * @param type the command's type as sent
   * @param status what the single endpoint would have answered (201, 200, 4xx, 5xx)
   * @param outcome the outcome, when the command succeeded
   * @param problem the problem, with its code, when it did not
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Result(int index, String type, int status, Object outcome, ProblemDetail problem) {}
}
