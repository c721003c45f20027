package dev.economy.app.ledger;

import dev.economy.command.ledger.LedgerFailure;
import dev.economy.messages.ledger.AccountKind;
import dev.economy.messages.ledger.LedgerErrorCode;
import dev.economy.messages.ledger.OpenAccountCommand;
import dev.economy.messages.ledger.SettleTransferCommand;
import dev.economy.messages.ledger.TransferIds;
import dev.economy.messages.ledger.TransferMoneyCommand;
import dev.economy.messages.ledger.TransferOutcome;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;

/**
 * Sends ledger commands through the real command bus and turns business refusals into values, so
 * that a test can tell an expected refusal from a failure: anything that carries no ledger code is
 * rethrown.
 */
final class LedgerClient {

  /** Either the outcome of an accepted (or replayed) transfer, or the code of its refusal. */
  record Result(TransferOutcome outcome, LedgerErrorCode refusal) {
    boolean accepted() {
      return outcome != null;
    }

    boolean acceptedFirstTime() {
      return outcome != null && !outcome.replayed();
    }

    @Override
    public String toString() {
      return accepted() ? outcome.toString() : "refused: " + refusal.code();
    }
  }

  private final CommandGateway gateway;

  LedgerClient(CommandGateway gateway) {
    this.gateway = gateway;
  }

  static TransferMoneyCommand transferCommand(
      String actor,
      String key,
      String from,
      String to,
      long amountMinor,
      String reasonCode,
      String memo) {
    return new TransferMoneyCommand(
        TransferIds.transferId(actor, key), key, from, to, amountMinor, reasonCode, memo, actor);
  }

  void open(String accountId, String ownerId, AccountKind kind) {
    gateway.sendAndWait(new OpenAccountCommand(accountId, ownerId, kind, "test"));
  }

  Result transfer(TransferMoneyCommand command) {
    try {
      TransferOutcome outcome = gateway.sendAndWait(command);
      return new Result(outcome, null);
    } catch (RuntimeException e) {
      return new Result(null, refusalOrRethrow(e));
    }
  }

  Result settle(String transferId) {
    try {
      TransferOutcome outcome = gateway.sendAndWait(new SettleTransferCommand(transferId));
      return new Result(outcome, null);
    } catch (RuntimeException e) {
      return new Result(null, refusalOrRethrow(e));
    }
  }

  /** Sends an account command (freeze, unfreeze, close): empty when accepted, else the refusal. */
  Optional<LedgerErrorCode> send(Object command) {
    try {
      gateway.sendAndWait(command);
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of(refusalOrRethrow(e));
    }
  }

  private static LedgerErrorCode refusalOrRethrow(RuntimeException e) {
    return LedgerFailure.codeOf(e).orElseThrow(() -> e);
  }
}
