package dev.economy.query.ledger;

import dev.economy.messages.ledger.LedgerRules;

/** The same id rules as the command side, so a malformed id is refused before any database work. */
final class AccountIds {

  private AccountIds() {}

  static void requireAccountId(String accountId) {
    if (accountId == null || !LedgerRules.ACCOUNT_ID.matcher(accountId).matches()) {
      throw QueryProblem.validation(
          "accountId must look like player:{playerId}:wallet or system:payroll");
    }
  }

  static void requirePlayerId(String playerId) {
    if (playerId == null || !LedgerRules.OWNER_ID.matcher(playerId).matches()) {
      throw QueryProblem.validation("playerId must be 1 to 64 letters, digits or . _ : -");
    }
  }
}
