package dev.economy.command.ledger;

import dev.economy.messages.ledger.LedgerErrorCode;
import java.util.Optional;

/**
 * How a Transfer reaches the accounts it moves money between, inside its own unit of work, so that
 * a transfer's event and its account events commit together or not at all.
 */
interface AccountLedger {

  boolean exists(String accountId);

  /** Debits, or throws the refusal (insufficient_funds, account_frozen, ...). */
  void debit(DebitAccountCommand command);

  /**
   * Credits the destination and settles the source, or, when the destination refuses, returns the
   * money to the source. Answers the refusal's code, empty when the credit landed.
   */
  Optional<LedgerErrorCode> creditOrRefund(CreditAccountCommand credit, String sourceAccountId);
}
