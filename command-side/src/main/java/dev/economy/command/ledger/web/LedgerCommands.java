package dev.economy.command.ledger.web;

import dev.economy.command.ledger.LedgerFailure;
import dev.economy.messages.ledger.AccountKind;
import dev.economy.messages.ledger.LedgerErrorCode;
import dev.economy.messages.ledger.LedgerRules;
import dev.economy.messages.ledger.OpenAccountCommand;
import dev.economy.messages.ledger.SettleTransferCommand;
import dev.economy.messages.ledger.TransferIds;
import dev.economy.messages.ledger.TransferMoneyCommand;
import dev.economy.messages.ledger.TransferOutcome;
import dev.economy.messages.ledger.TransferStatus;
import dev.economy.web.ProblemCodes;
import dev.economy.web.Problems;
import dev.economy.web.token.Caller;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Checks a request, turns it into ledger commands under the caller's name, sends them and says how
 * it went, as a {@link CommandResult}. Both the single endpoints and the ingress batch go through
 * here, so a command means the same whichever way it came. Never fails: every failure becomes a
 * problem in the result.
 */
@Component
class LedgerCommands {

  private static final Logger log = LoggerFactory.getLogger(LedgerCommands.class);

  private final CommandGateway commandGateway;
  private final EventStore eventStore;
  private final RegisteredPlayers players;
  private final Duration commandTimeout;

  LedgerCommands(
      CommandGateway commandGateway,
      EventStore eventStore,
      RegisteredPlayers players,
      @Value("${economy.http.command-timeout:10s}") Duration commandTimeout) {
    this.commandGateway = commandGateway;
    this.eventStore = eventStore;
    this.players = players;
    this.commandTimeout = commandTimeout;
  }

  /**
   * A command that passed its checks, ready to run (single: {@link #execute}; in a group of an
   * ingress batch: {@link IngressGroups}), or the answer to one that did not.
   */
  sealed interface Planned {}

  /** Answered without running anything: a check failed. */
  record Answered(CommandResult result) implements Planned {}

  /** A transfer under the caller's name: initiate, then settle at once (the fast path). */
  record PlannedTransfer(TransferMoneyCommand command) implements Planned {}

  /** Opens the player's wallet and bank account. */
  record PlannedOpenAccounts(PlayerAccounts accounts, String actor) implements Planned {
    OpenAccountCommand wallet() {
      return new OpenAccountCommand(
          accounts.walletAccountId(), accounts.playerId(), AccountKind.WALLET, actor);
    }

    OpenAccountCommand bank() {
      return new OpenAccountCommand(
          accounts.bankAccountId(), accounts.playerId(), AccountKind.BANK, actor);
    }
  }

  /**
   * Opens the player's wallet and bank account. Opening is idempotent: 201 when this request opened
   * at least one of them, 200 when both were open already. A player nobody registered is not_found,
   * and nothing is opened.
   */
  Mono<CommandResult> openAccounts(Caller caller, String playerId) {
    return Mono.fromCallable(() -> planOpenAccounts(caller, playerId))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(this::execute);
  }

  /**
   * Checks the request and asks the players context whether the player is registered (one indexed
   * select). Blocks: call it on a worker thread, and outside any transaction (an ingress batch
   * plans all its commands before its first group takes a connection).
   */
  Planned planOpenAccounts(Caller caller, String playerId) {
    RequestChecks checks = RequestChecks.start().playerId("playerId", playerId);
    if (!checks.passed()) {
      return new Answered(CommandResult.problem(Problems.validationFailed(checks.violations())));
    }
    try {
      if (!players.isRegistered(playerId)) {
        return new Answered(
            CommandResult.problem(
                Problems.problem(
                    LedgerErrorCode.NOT_FOUND,
                    "player "
                        + playerId
                        + " is not registered; players get their ids (and their accounts) by registering")));
      }
    } catch (TimeoutException | RuntimeException failure) {
      return new Answered(CommandResult.problem(problemFor(failure)));
    }
    return new PlannedOpenAccounts(
        new PlayerAccounts(
            playerId, LedgerRules.walletAccountId(playerId), LedgerRules.bankAccountId(playerId)),
        caller.actorId());
  }

  /** Runs a planned command on its own: each command its own unit of work and transaction. */
  Mono<CommandResult> execute(Planned planned) {
    if (planned instanceof Answered answered) {
      return Mono.just(answered.result());
    }
    if (planned instanceof PlannedTransfer transfer) {
      return executeTransfer(transfer.command());
    }
    PlannedOpenAccounts open = (PlannedOpenAccounts) planned;
    PlayerAccounts accounts = open.accounts();
    // Only to choose between 201 and 200: two first requests racing may both answer 201.
    Mono<Boolean> bothExisted =
        Mono.fromCallable(() -> bothExist(accounts))
            .subscribeOn(Schedulers.boundedElastic())
            .timeout(commandTimeout);
    return bothExisted
        .flatMap(
            existed ->
                send(open.wallet())
                    .then(send(open.bank()))
                    .thenReturn(
                        CommandResult.of(existed ? HttpStatus.OK : HttpStatus.CREATED, accounts)))
        .onErrorResume(failure -> Mono.just(CommandResult.problem(problemFor(failure))));
  }

  /** Both accounts have events (committed, or written earlier in this thread's transaction). */
  boolean bothExist(PlayerAccounts accounts) {
    return exists(accounts.walletAccountId()) && exists(accounts.bankAccountId());
  }

  Mono<CommandResult> changeStatus(
      Caller caller, String accountId, AccountStatusAction action, AccountStatusRequest request) {
    RequestChecks checks =
        RequestChecks.start()
            .accountId("accountId", accountId)
            .statusReason(request == null ? null : request.reason());
    if (!checks.passed()) {
      return Mono.just(CommandResult.problem(Problems.validationFailed(checks.violations())));
    }
    return send(action.command(accountId, request.reason(), caller.actorId()))
        .thenReturn(
            CommandResult.of(
                HttpStatus.OK, new AccountStatusChanged(accountId, action.resultingStatus())))
        .onErrorResume(failure -> Mono.just(CommandResult.problem(problemFor(failure))));
  }

  Mono<CommandResult> transfer(Caller caller, TransferRequest request) {
    return execute(planTransfer(caller, request));
  }

  Planned planTransfer(Caller caller, TransferRequest request) {
    RequestChecks checks =
        RequestChecks.start()
            .idempotencyKey(request.idempotencyKey())
            .accountId("fromAccountId", request.fromAccountId())
            .accountId("toAccountId", request.toAccountId())
            .differentAccounts(request.fromAccountId(), request.toAccountId())
            .amountMinor(request.amountMinor())
            .reasonCode(request.reasonCode())
            .memo(request.memo());
    if (!checks.passed()) {
      return new Answered(CommandResult.problem(Problems.validationFailed(checks.violations())));
    }
    return plannedTransfer(
        caller,
        request.idempotencyKey(),
        request.fromAccountId(),
        request.toAccountId(),
        request.amountMinor(),
        request.reasonCode(),
        request.memo());
  }

  Mono<CommandResult> playerTransfer(
      Caller caller,
      String playerId,
      PlayerTransferDirection direction,
      PlayerTransferRequest request) {
    return execute(planPlayerTransfer(caller, playerId, direction, request));
  }

  Planned planPlayerTransfer(
      Caller caller,
      String playerId,
      PlayerTransferDirection direction,
      PlayerTransferRequest request) {
    String reasonCode =
        request.reasonCode() == null ? direction.defaultReasonCode() : request.reasonCode();
    RequestChecks checks =
        RequestChecks.start()
            .playerId("playerId", playerId)
            .idempotencyKey(request.idempotencyKey())
            .amountMinor(request.amountMinor())
            .reasonCode(reasonCode)
            .memo(request.memo());
    if (!checks.passed()) {
      return new Answered(CommandResult.problem(Problems.validationFailed(checks.violations())));
    }
    return plannedTransfer(
        caller,
        request.idempotencyKey(),
        direction.fromAccountId(playerId),
        direction.toAccountId(playerId),
        request.amountMinor(),
        reasonCode,
        request.memo());
  }

  private static PlannedTransfer plannedTransfer(
      Caller caller,
      String idempotencyKey,
      String fromAccountId,
      String toAccountId,
      long amountMinor,
      String reasonCode,
      String memo) {
    String actor = caller.actorId();
    return new PlannedTransfer(
        new TransferMoneyCommand(
            TransferIds.transferId(actor, idempotencyKey),
            idempotencyKey,
            fromAccountId,
            toAccountId,
            amountMinor,
            reasonCode,
            memo,
            actor));
  }

  /**
   * Initiates the transfer and settles it right away (the fast path), so that the answer says
   * COMPLETED or RETURNED. Should settling fail or time out, the answer is the PENDING outcome: the
   * money is in flight and the transfer-settlement processor finishes it.
   */
  private Mono<CommandResult> executeTransfer(TransferMoneyCommand command) {
    return this.<TransferOutcome>send(command)
        .flatMap(
            initiated ->
                settleIfPending(initiated).map(outcome -> transferResult(initiated, outcome)))
        .switchIfEmpty(
            Mono.error(() -> new IllegalStateException("a transfer answered no outcome")))
        .onErrorResume(failure -> Mono.just(CommandResult.problem(problemFor(failure))));
  }

  /** 201 for a transfer this request made, 200 for a replay; the settled outcome says which too. */
  static CommandResult transferResult(TransferOutcome initiated, TransferOutcome settled) {
    TransferOutcome outcome =
        settled.replayed() == initiated.replayed()
            ? settled
            // Settling a replayed transfer is still a replay for the sender: nothing new was asked.
            : withReplayed(settled, initiated.replayed());
    return CommandResult.of(initiated.replayed() ? HttpStatus.OK : HttpStatus.CREATED, outcome);
  }

  private Mono<TransferOutcome> settleIfPending(TransferOutcome initiated) {
    if (initiated.status() != TransferStatus.PENDING) {
      return Mono.just(initiated);
    }
    return this.<TransferOutcome>send(new SettleTransferCommand(initiated.transferId()))
        .defaultIfEmpty(initiated)
        .onErrorResume(
            failure -> {
              log.warn(
                  "transfer {} initiated, settling it failed; the settlement processor will retry",
                  initiated.transferId(),
                  failure);
              return Mono.just(initiated);
            });
  }

  private static TransferOutcome withReplayed(TransferOutcome outcome, boolean replayed) {
    return new TransferOutcome(
        outcome.transferId(),
        outcome.idempotencyKey(),
        outcome.fromAccountId(),
        outcome.toAccountId(),
        outcome.amountMinor(),
        outcome.status(),
        outcome.failureCode(),
        replayed);
  }

  /**
   * Sends on a worker thread: the local command bus handles the command in the sending thread
   * (JDBC), which must never be an event-loop thread. The wait is bounded; a command that took
   * longer may still complete, which is why the answer then asks for a retry with the same key.
   */
  private <R> Mono<R> send(Object command) {
    return Mono.defer(
            () -> {
              CompletableFuture<R> sent = commandGateway.send(command);
              return Mono.fromFuture(sent);
            })
        .subscribeOn(Schedulers.boundedElastic())
        .timeout(commandTimeout);
  }

  private boolean exists(String accountId) {
    return eventStore.lastSequenceNumberFor(accountId).isPresent();
  }

  ProblemDetail problemFor(Throwable failure) {
    if (failure instanceof TimeoutException) {
      return Problems.problem(
          HttpStatus.SERVICE_UNAVAILABLE,
          ProblemCodes.COMMAND_TIMEOUT,
          "no answer within "
              + commandTimeout.toMillis()
              + " ms; the command may still complete, so retry it"
              + " with the same idempotency key");
    }
    Optional<LedgerErrorCode> code = LedgerFailure.codeOf(failure);
    if (code.isPresent()) {
      return Problems.problem(code.get(), refusalDetail(failure, code.get()));
    }
    log.error("ledger command failed unexpectedly", failure);
    return Problems.problem(
        HttpStatus.INTERNAL_SERVER_ERROR,
        ProblemCodes.INTERNAL_ERROR,
        "an unexpected error happened on the server; it has been logged");
  }

  /** The refusal's own words (written for clients), or a plain sentence where it has none. */
  private static String refusalDetail(Throwable failure, LedgerErrorCode code) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof AggregateNotFoundException notFound) {
        return "account " + notFound.getAggregateIdentifier() + " does not exist";
      }
      if (t instanceof CommandExecutionException refusal
          && refusal.getDetails().isPresent()
          && refusal.getMessage() != null) {
        return refusal.getMessage();
      }
    }
    return code.code().replace('_', ' ');
  }
}
