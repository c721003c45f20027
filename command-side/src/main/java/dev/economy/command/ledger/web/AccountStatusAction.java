package dev.economy.command.ledger.web;

import dev.economy.messages.ledger.AccountStatus;
import dev.economy.messages.ledger.CloseAccountCommand;
import dev.economy.messages.ledger.FreezeAccountCommand;
import dev.economy.messages.ledger.UnfreezeAccountCommand;

/** The status changes an account accepts, each idempotent: freezing a frozen account is a no-op. */
enum AccountStatusAction {
  FREEZE(AccountStatus.FROZEN) {
    @Override
    Object command(String accountId, String reason, String actor) {
      return new FreezeAccountCommand(accountId, reason, actor);
    }
  },
  UNFREEZE(AccountStatus.OPEN) {
    @Override
    Object command(String accountId, String reason, String actor) {
      return new UnfreezeAccountCommand(accountId, reason, actor);
    }
  },
  CLOSE(AccountStatus.CLOSED) {
    @Override
    Object command(String accountId, String reason, String actor) {
      return new CloseAccountCommand(accountId, reason, actor);
    }
  };

  private final AccountStatus resultingStatus;

  AccountStatusAction(AccountStatus resultingStatus) {
    this.resultingStatus = resultingStatus;
  }

  AccountStatus resultingStatus() {
    return resultingStatus;
  }

  abstract Object command(String accountId, String reason, String actor);
}
