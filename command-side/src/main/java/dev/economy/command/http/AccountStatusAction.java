package dev.economy.command.http;

import dev.economy.messages.bank.AccountStatus;
import dev.economy.messages.bank.CloseAccountCommand;
import dev.economy.messages.bank.FreezeAccountCommand;
import dev.economy.messages.bank.UnfreezeAccountCommand;

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
