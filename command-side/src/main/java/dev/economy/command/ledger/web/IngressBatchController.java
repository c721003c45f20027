package dev.economy.command.ledger.web;

import dev.economy.command.ledger.web.LedgerCommands.Answered;
import dev.economy.command.ledger.web.LedgerCommands.Planned;
import dev.economy.web.ProblemCodes;
import dev.economy.web.Problems;
import dev.economy.web.token.Caller;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The game servers' ingress: many commands in one request, each with its own result, so that one
 * bad command does not fail the others. The batch answers 200 whatever its commands came to; only a
 * batch that cannot be read at all, or is too large, is refused whole (and then nothing of it
 * runs).
 *
 * <p>Commands run one after another in request order, in groups that share a transaction ({@link
 * IngressGroups}); every command's result is what it would have been on its own.
 */
@RestController
class IngressBatchController {

  private final LedgerCommands commands;
  private final IngressGroups groups;
  private final int batchCommandsMax;

  IngressBatchController(
      LedgerCommands commands,
      IngressGroups groups,
      @Value("${economy.ingress.batch-commands-max:500}") int batchCommandsMax) {
    this.commands = commands;
    this.groups = groups;
    this.batchCommandsMax = batchCommandsMax;
  }

  @PostMapping(path = "/api/v1/ingress/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<Object>> batch(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller, @RequestBody IngressBatchRequest request) {
    Optional<ProblemDetail> refusal = CommandAccessPolicy.ingress(caller);
    if (refusal.isPresent()) {
      return Mono.just(CommandResult.problem(refusal.get()).toResponse());
    }
    List<IngressCommand> batch = request.commands();
    if (batch == null) {
      return Mono.just(
          CommandResult.problem(Problems.validationFailed("commands is missing")).toResponse());
    }
    if (batch.size() > batchCommandsMax) {
      return Mono.just(
          CommandResult.problem(
                  Problems.problem(
                      HttpStatus.PAYLOAD_TOO_LARGE,
                      ProblemCodes.BATCH_TOO_LARGE,
                      "the batch holds "
                          + batch.size()
                          + " commands, at most "
                          + batchCommandsMax
                          + " are allowed; nothing was executed, split it and send again"))
              .toResponse());
    }
    // Planned on a worker thread (opening accounts asks whether the player is registered: a
    // blocking select), and all before the first group takes its transaction.
    return Mono.fromCallable(
            () -> groups.execute(batch.stream().map(command -> plan(caller, command)).toList()))
        .subscribeOn(Schedulers.boundedElastic())
        .map(
            results -> {
              List<IngressBatchResponse.Result> answers = new ArrayList<>(results.size());
              for (int index = 0; index < results.size(); index++) {
                CommandResult result = results.get(index);
                answers.add(
                    new IngressBatchResponse.Result(
                        index,
                        batch.get(index).type(),
                        result.status().value(),
                        result.outcome(),
                        result.problem()));
              }
              return ResponseEntity.ok()
                  .contentType(MediaType.APPLICATION_JSON)
                  .body((Object) new IngressBatchResponse(answers));
            });
  }

  private Planned plan(Caller caller, IngressCommand command) {
    if (command instanceof IngressCommand.Transfer transfer) {
      Optional<ProblemDetail> refusal =
          CommandAccessPolicy.ingressTransfer(transfer.request().fromAccountId());
      if (refusal.isPresent()) {
        return new Answered(CommandResult.problem(refusal.get()));
      }
      return commands.planTransfer(caller, transfer.request());
    }
    if (command instanceof IngressCommand.PlayerTransfer playerTransfer) {
      return commands.planPlayerTransfer(
          caller, playerTransfer.playerId(), playerTransfer.direction(), playerTransfer.request());
    }
    if (command instanceof IngressCommand.OpenAccounts open) {
      return commands.planOpenAccounts(caller, open.playerId());
    }
    IngressCommand.Unreadable unreadable = (IngressCommand.Unreadable) command;
    return new Answered(CommandResult.problem(Problems.validationFailed(unreadable.detail())));
  }
}
