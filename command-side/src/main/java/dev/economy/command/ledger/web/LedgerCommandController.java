package dev.economy.command.ledger.web;

import dev.economy.web.token.Caller;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The ledger's commands, one endpoint each. The caller comes from the caller seam (an exchange
 * attribute), never from a header read here; {@link CommandAccessPolicy} decides what it may do.
 */
@RestController
@RequestMapping("/api/v1")
class LedgerCommandController {

  private final LedgerCommands commands;

  LedgerCommandController(LedgerCommands commands) {
    this.commands = commands;
  }

  /** The refusal of the access rules as the answer, or empty when the caller may go on. */
  private static Optional<Mono<ResponseEntity<Object>>> refused(Optional<ProblemDetail> refusal) {
    return refusal.map(problem -> Mono.just(CommandResult.problem(problem).toResponse()));
  }

  /** Opens the player's wallet and bank: 201 if this opened one of them, 200 if both were open. */
  @PostMapping("/players/{playerId}/accounts")
  Mono<ResponseEntity<Object>> openAccounts(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String playerId) {
    return refused(CommandAccessPolicy.openAccounts(caller))
        .orElseGet(() -> commands.openAccounts(caller, playerId).map(CommandResult::toResponse));
  }

  /** freeze, unfreeze or close, with {"reason": ...}: 200 and the status the account has now. */
  @PostMapping(
      path = "/accounts/{accountId}/{action:freeze|unfreeze|close}",
      consumes = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<Object>> changeStatus(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @PathVariable String accountId,
      @PathVariable String action,
      @RequestBody AccountStatusRequest request) {
    return refused(CommandAccessPolicy.changeStatus(caller))
        .orElseGet(
            () ->
                commands
                    .changeStatus(
                        caller,
                        accountId,
                        AccountStatusAction.valueOf(action.toUpperCase(Locale.ROOT)),
                        request)
                    .map(CommandResult::toResponse));
  }

  /** 201 and the outcome for a new transfer; 200 and the first outcome (replayed) for a retry. */
  @PostMapping(path = "/transfers", consumes = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<Object>> transfer(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller, @RequestBody TransferRequest request) {
    return refused(CommandAccessPolicy.transfer(caller, request.fromAccountId()))
        .orElseGet(() -> commands.transfer(caller, request).map(CommandResult::toResponse));
  }

  /** Wallet to bank. */
  @PostMapping(path = "/players/{playerId}/deposits", consumes = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<Object>> deposit(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @PathVariable String playerId,
      @RequestBody PlayerTransferRequest request) {
    return refused(CommandAccessPolicy.playerTransfer(caller, playerId))
        .orElseGet(
            () ->
                commands
                    .playerTransfer(caller, playerId, PlayerTransferDirection.DEPOSIT, request)
                    .map(CommandResult::toResponse));
  }

  /** Bank to wallet. */
  @PostMapping(
      path = "/players/{playerId}/withdrawals",
      consumes = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<Object>> withdraw(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @PathVariable String playerId,
      @RequestBody PlayerTransferRequest request) {
    return refused(CommandAccessPolicy.playerTransfer(caller, playerId))
        .orElseGet(
            () ->
                commands
                    .playerTransfer(caller, playerId, PlayerTransferDirection.WITHDRAWAL, request)
                    .map(CommandResult::toResponse));
  }
}
