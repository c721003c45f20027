package dev.economy.query.ledger;

import dev.economy.messages.ledger.LedgerRules;
import dev.economy.web.token.Caller;
import dev.economy.web.token.Roles;

/**
 * Who may read what: the one place of the read side's access rules (OWASP API1 object level, API5
 * function level). A refusal is thrown as a {@link QueryProblem}: 401 unauthenticated for an
 * anonymous caller, 403 forbidden for a caller that may not.
 *
 * <ul>
 *   <li>Auditors and admins read everything.
 *   <li>A player reads their own accounts only: details, history and live stream of their wallet
 *       and bank, and their own account list.
 *   <li>The money supply (the economy's totals, no one's account) is for auditors, admins and the
 *       Discord bot, which posts economy figures.
 *   <li>Game servers read nothing here: they act through the ingress, and a player's own token
 *       reads that player's balance.
 * </ul>
 */
final class ReadAccessPolicy {

  private ReadAccessPolicy() {}

  /** GET /accounts/{id}, its history and its stream. */
  static void account(Caller caller, String accountId) {
    Caller known = known(caller);
    if (readsEverything(known) || ownAccount(known, accountId)) {
      return;
    }
    throw QueryProblem.forbidden(
        known.hasRole(Roles.PLAYER)
            ? "account " + accountId + " is not yours"
            : "only the account's player, auditors and admins read an account");
  }

  /** GET /players/{playerId}/accounts. */
  static void playerAccounts(Caller caller, String playerId) {
    Caller known = known(caller);
    if (readsEverything(known) || (known.hasRole(Roles.PLAYER) && known.isPlayer(playerId))) {
      return;
    }
    throw QueryProblem.forbidden(
        "only player " + playerId + ", auditors and admins read these accounts");
  }

  /** GET /money-supply. */
  static void moneySupply(Caller caller) {
    Caller known = known(caller);
    if (readsEverything(known) || known.hasRole(Roles.BOT)) {
      return;
    }
    throw QueryProblem.forbidden("the money supply is for auditors, admins and the bot");
  }

  /** No caller attribute (a role running without the caller seam) counts as anonymous. */
  private static Caller known(Caller caller) {
    if (caller == null || caller.isAnonymous()) {
      throw QueryProblem.unauthenticated();
    }
    return caller;
  }

  private static boolean readsEverything(Caller caller) {
    return caller.hasRole(Roles.AUDITOR) || caller.hasRole(Roles.ADMIN);
  }

  private static boolean ownAccount(Caller caller, String accountId) {
    String playerId = caller.playerId();
    return caller.hasRole(Roles.PLAYER)
        && playerId != null
        && (LedgerRules.walletAccountId(playerId).equals(accountId)
            || LedgerRules.bankAccountId(playerId).equals(accountId));
  }
}
