package dev.economy.command.ledger;

import dev.economy.messages.ledger.CloseAccountCommand;
import dev.economy.messages.ledger.FreezeAccountCommand;
import dev.economy.messages.ledger.LedgerErrorCode;
import dev.economy.messages.ledger.LedgerRules;
import dev.economy.messages.ledger.OpenAccountCommand;
import dev.economy.messages.ledger.SettleTransferCommand;
import dev.economy.messages.ledger.TransferMoneyCommand;
import dev.economy.messages.ledger.UnfreezeAccountCommand;
import java.util.regex.Pattern;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Checks the target id of every ledger command before Axon loads the aggregate. Accounts and
 * transfers share the event store's id space; without this, a command naming a transfer's id as an
 * account (or the reverse) would load the wrong stream and fail with a technical error (a 500)
 * instead of validation_failed. Runs on the handling node, so it also guards commands routed
 * through Axon Server.
 */
@Component
class AggregateIdGuard implements MessageHandlerInterceptor<CommandMessage<?>> {

  private static final Pattern TRANSFER_ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  @Override
  public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
      throws Exception {
    Object payload = unitOfWork.getMessage().getPayload();
    if (payload instanceof OpenAccountCommand c) {
      requireMatch(c.accountId(), LedgerRules.ACCOUNT_ID, "accountId");
    } else if (payload instanceof FreezeAccountCommand c) {
      requireMatch(c.accountId(), LedgerRules.ACCOUNT_ID, "accountId");
    } else if (payload instanceof UnfreezeAccountCommand c) {
      requireMatch(c.accountId(), LedgerRules.ACCOUNT_ID, "accountId");
    } else if (payload instanceof CloseAccountCommand c) {
      requireMatch(c.accountId(), LedgerRules.ACCOUNT_ID, "accountId");
    } else if (payload instanceof TransferMoneyCommand c) {
      requireMatch(c.transferId(), TRANSFER_ID, "transferId");
    } else if (payload instanceof SettleTransferCommand c) {
      requireMatch(c.transferId(), TRANSFER_ID, "transferId");
    }
    return chain.proceed();
  }

  private static void requireMatch(String id, Pattern pattern, String field) {
    if (id == null || !pattern.matcher(id).matches()) {
      throw LedgerFailure.of(LedgerErrorCode.VALIDATION_FAILED, field + " is missing or malformed");
    }
  }
}
