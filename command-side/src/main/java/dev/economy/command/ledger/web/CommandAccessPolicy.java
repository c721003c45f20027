package dev.economy.command.ledger.web;

import dev.economy.messages.ledger.AccountKind;
import dev.economy.messages.ledger.LedgerRules;
import dev.economy.messages.ledger.SystemAccount;
import dev.economy.web.ProblemCodes;
import dev.economy.web.Problems;
import dev.economy.web.token.Caller;
import dev.economy.web.token.Roles;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Who may change what: the one place of the command side's access rules (OWASP API1 object level,
 * API5 function level). Each rule answers empty when the caller may, or the refusal: 401
 * unauthenticated for an anonymous caller, 403 forbidden for a caller that may not.
 *
 * <ul>
 *   <li>A player moves only their own money: transfers only from their own wallet or bank, deposits
 *       and withdrawals only of their own accounts.
 *   <li>A game server acts for players through the ingress only (any player, money out of a
 *       player's account or out of system:payroll for wages); on the single endpoints it speaks for
 *       no player and is refused.
 *   <li>An admin grants (transfers out of a system source account), opens, freezes, unfreezes and
 *       closes accounts; an admin moves no player's money.
 *   <li>Auditors and the bot change nothing.
 * </ul>
 *
 * Checked before the request's content, so that a refused caller learns nothing about it.
 */
final class CommandAccessPolicy {

  private static final Set<String> SYSTEM_SOURCES =
      Arrays.stream(SystemAccount.values())
          .filter(account -> account.kind() == AccountKind.SYSTEM_SOURCE)
          .map(SystemAccount::accountId)
          .collect(Collectors.toUnmodifiableSet());

  /** A game server pays wages; grants and donations are not the game's to make. */
  private static final String GAME_SERVER_SOURCE = SystemAccount.PAYROLL.accountId();

  private static final String PLAYER_ACCOUNT_PREFIX = "player:";

  private CommandAccessPolicy() {}

  /** POST /players/{playerId}/accounts. */
  static Optional<ProblemDetail> openAccounts(Caller caller) {
    return onlyRole(
        caller, Roles.ADMIN, "only an admin opens accounts (registration opens a player's own)");
  }

  /** POST /accounts/{id}/freeze, /unfreeze, /close. */
  static Optional<ProblemDetail> changeStatus(Caller caller) {
    return onlyRole(caller, Roles.ADMIN, "only an admin freezes, unfreezes or closes accounts");
  }

  /** POST /transfers: a player from their own account, an admin from a system source. */
  static Optional<ProblemDetail> transfer(Caller caller, String fromAccountId) {
    if (caller.isAnonymous()) {
      return Optional.of(unauthenticated());
    }
    if (unreadable(fromAccountId)
        && (caller.hasRole(Roles.PLAYER) || caller.hasRole(Roles.ADMIN))) {
      // No account to decide about: the request's checks refuse it (400) and nothing moves.
      return Optional.empty();
    }
    if (caller.hasRole(Roles.PLAYER) && ownAccount(caller, fromAccountId)) {
      return Optional.empty();
    }
    if (caller.hasRole(Roles.ADMIN) && SYSTEM_SOURCES.contains(fromAccountId)) {
      return Optional.empty();
    }
    return Optional.of(
        forbidden(
            "you may not move money out of "
                + fromAccountId
                + ": players move their own money, admins grant out of system sources, game servers use the ingress"));
  }

  /** POST /players/{playerId}/deposits, /withdrawals: the player's own accounts, by that player. */
  static Optional<ProblemDetail> playerTransfer(Caller caller, String playerId) {
    if (caller.isAnonymous()) {
      return Optional.of(unauthenticated());
    }
    if (caller.hasRole(Roles.PLAYER) && (caller.isPlayer(playerId) || unreadablePlayer(playerId))) {
      // (A malformed player id is no one's: the request's checks refuse it, 400, and nothing
      // moves.)
      return Optional.empty();
    }
    return Optional.of(
        forbidden(
            "only player "
                + playerId
                + " moves their own money between wallet and bank"
                + " (game servers use the ingress)"));
  }

  /** POST /ingress/batch as a whole: game servers only. */
  static Optional<ProblemDetail> ingress(Caller caller) {
    return onlyRole(caller, Roles.GAME_SERVER, "the ingress is for game servers");
  }

  /**
   * One transfer of an ingress batch (the batch passed {@link #ingress}): out of a player's account
   * or out of system:payroll.
   */
  static Optional<ProblemDetail> ingressTransfer(String fromAccountId) {
    if (unreadable(fromAccountId)
        || fromAccountId.startsWith(PLAYER_ACCOUNT_PREFIX)
        || GAME_SERVER_SOURCE.equals(fromAccountId)) {
      return Optional.empty();
    }
    return Optional.of(
        forbidden(
            "a game server moves money out of players' accounts or "
                + GAME_SERVER_SOURCE
                + " only, not out of "
                + fromAccountId));
  }

  /**
   * Missing or not an account id at all: the request's own checks refuse it as validation_failed.
   */
  private static boolean unreadable(String accountId) {
    return accountId == null || !LedgerRules.ACCOUNT_ID.matcher(accountId).matches();
  }

  private static boolean unreadablePlayer(String playerId) {
    return playerId == null || !LedgerRules.OWNER_ID.matcher(playerId).matches();
  }

  private static boolean ownAccount(Caller caller, String accountId) {
    String playerId = caller.playerId();
    return playerId != null
        && (LedgerRules.walletAccountId(playerId).equals(accountId)
            || LedgerRules.bankAccountId(playerId).equals(accountId));
  }

  private static Optional<ProblemDetail> onlyRole(Caller caller, String role, String detail) {
    if (caller.isAnonymous()) {
      return Optional.of(unauthenticated());
    }
    return caller.hasRole(role) ? Optional.empty() : Optional.of(forbidden(detail));
  }

  static ProblemDetail unauthenticated() {
    return Problems.problem(
        HttpStatus.UNAUTHORIZED,
        ProblemCodes.UNAUTHENTICATED,
        "this needs an access token: send Authorization: Bearer <token>");
  }

  private static ProblemDetail forbidden(String detail) {
    return Problems.problem(HttpStatus.FORBIDDEN, ProblemCodes.FORBIDDEN, detail);
  }
}
