package dev.economy.command.http;

import dev.economy.messages.identity.Caller;
import dev.economy.messages.problem.ProblemCodes;
import java.util.List;
import java.util.Optional;
import org.springframework.http.ProblemDetail;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The game servers' ingress: many commands in one request, each with its own result, so that one
 * bad command does not fail the others. The batch answers 200 whatever its commands came to; only
 * a batch that cannot be read at all, or is too large, is refused whole (and then nothing of it
 * runs).
 *
 * <p>Commands run one after another in request order, each with the same bounded wait as a single
 * request. A command whose wait ran out (503 command_timeout) may still be running while the next
 * one starts, so a sender that needs strict order across such a timeout resends from there.
 */
@RestController
class IngressBatchController {

  private final LedgerCommands commands;
  private final int batchCommandsMax;

  IngressBatchController(LedgerCommands commands,
      @Value("${economy.ingress.batch-commands-max:500}") int batchCommandsMax) {
    this.commands = commands;
    this.batchCommandsMax = batchCommandsMax;
  }

  @PostMapping(path = "/api/v1/ingress/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<Object>> batch(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @RequestBody IngressBatchRequest request) {
    Optional<ProblemDetail> refusal = CommandAccessPolicy.ingress(caller);
    if (refusal.isPresent()) {
      return Mono.just(CommandResult.problem(refusal.get()).toResponse());
    }
    List<IngressCommand> batch = request.commands();
    if (batch == null) {
      return Mono.just(CommandResult.problem(Problems.validationFailed("commands is missing")).toResponse());
    }
    if (batch.size() > batchCommandsMax) {
      return Mono.just(CommandResult.problem(Problems.problem(HttpStatus.PAYLOAD_TOO_LARGE,
          ProblemCodes.BATCH_TOO_LARGE, "the batch holds " + batch.size() + " commands, at most "
              + batchCommandsMax + " are allowed; nothing was executed, split it and send again")).toResponse());
    }
    return Flux.range(0, batch.size())
        .concatMap(index -> execute(caller, batch.get(index))
            .map(result -> new IngressBatchResponse.Result(index, batch.get(index).type(), result.status().value(),
                result.outcome(), result.problem())))
        .collectList()
        .map(results -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
            .body(new IngressBatchResponse(results)));
  }

  private Mono<CommandResult> execute(Caller caller, IngressCommand command) {
    if (command instanceof IngressCommand.Transfer transfer) {
      Optional<ProblemDetail> refusal = CommandAccessPolicy.ingressTransfer(transfer.request().fromAccountId());
      if (refusal.isPresent()) {
        return Mono.just(CommandResult.problem(refusal.get()));
      }
      return commands.transfer(caller, transfer.request());
    }
    if (command instanceof IngressCommand.PlayerTransfer playerTransfer) {
      return commands.playerTransfer(caller, playerTransfer.playerId(), playerTransfer.direction(),
          playerTransfer.request());
    }
    if (command instanceof IngressCommand.OpenAccounts open) {
      return commands.openAccounts(caller, open.playerId());
    }
    IngressCommand.Unreadable unreadable = (IngressCommand.Unreadable) command;
    return Mono.just(CommandResult.problem(Problems.validationFailed(unreadable.detail())));
  }
}
