package dev.economy.app.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.economy.messages.ledger.AccountKind;
import dev.economy.messages.ledger.LedgerRules;
import dev.economy.messages.ledger.OpenAccountCommand;
import dev.economy.messages.ledger.TransferIds;
import dev.economy.messages.ledger.TransferMoneyCommand;
import dev.economy.messages.ledger.TransferOutcome;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Drives the real ledger for the query tests: commands through Axon's command bus, then waits (JDBC
 * on the read model, as the projection commits) until the change is visible in PostgreSQL.
 */
final class QueryLedger {

  static final Duration PROJECTION_WAIT_MAX = Duration.ofSeconds(30);
  static final String ACTOR = "query-it";

  private final CommandGateway gateway;
  private final JdbcTemplate jdbc;

  QueryLedger(CommandGateway gateway, JdbcTemplate jdbc) {
    this.gateway = gateway;
    this.jdbc = jdbc;
  }

  /** A player id no other test (or earlier run on the same database) uses. */
  static String uniquePlayer(String prefix) {
    return prefix + "-" + Long.toString(System.nanoTime(), 36);
  }

  /** Opens the player's wallet and bank account and waits until both are projected. */
  void openPlayer(String playerId) {
    gateway.sendAndWait(
        new OpenAccountCommand(
            LedgerRules.walletAccountId(playerId), playerId, AccountKind.WALLET, ACTOR));
    gateway.sendAndWait(
        new OpenAccountCommand(
            LedgerRules.bankAccountId(playerId), playerId, AccountKind.BANK, ACTOR));
    awaitRow(LedgerRules.walletAccountId(playerId));
    awaitRow(LedgerRules.bankAccountId(playerId));
  }

  TransferOutcome transfer(
      String key, String from, String to, long amountMinor, String reasonCode, String memo) {
    TransferOutcome outcome =
        gateway.sendAndWait(
            new TransferMoneyCommand(
                TransferIds.transferId(ACTOR, key),
                key,
                from,
                to,
                amountMinor,
                reasonCode,
                memo,
                ACTOR));
    assertThat(outcome.replayed()).as("transfer %s is new", key).isFalse();
    return outcome;
  }

  void send(Object command) {
    gateway.sendAndWait(command);
  }

  /**
   * Waits until the read model shows the account with this balance and nothing in flight out of it
   * (its transfers settled), and returns its version.
   */
  long awaitSettledBalance(String accountId, long balanceMinor) {
    return await()
        .atMost(PROJECTION_WAIT_MAX)
        .until(
            () ->
                jdbc.queryForList(
                    "select version from account_balance where account_id = ? and balance_minor = ?"
                        + " and in_flight_out_minor = 0",
                    Long.class,
                    accountId,
                    balanceMinor),
            versions -> !versions.isEmpty())
        .get(0);
  }

  /** Waits until the read model shows at least this version of the account. */
  void awaitVersion(String accountId, long version) {
    await()
        .atMost(PROJECTION_WAIT_MAX)
        .until(
            () ->
                jdbc.queryForList(
                    "select version from account_balance where account_id = ? and version >= ?",
                    Long.class,
                    accountId,
                    version),
            versions -> !versions.isEmpty());
  }

  Map<String, Object> row(String accountId) {
    return jdbc.queryForMap("select * from account_balance where account_id = ?", accountId);
  }

  /** A timestamptz column of the account's row, as the instant it is. */
  Instant time(String accountId, String column) {
    return jdbc.queryForObject(
        "select " + column + " from account_balance where account_id = ?",
        (rs, i) -> rs.getObject(1, OffsetDateTime.class).toInstant(),
        accountId);
  }

  private void awaitRow(String accountId) {
    await()
        .atMost(PROJECTION_WAIT_MAX)
        .until(
            () ->
                jdbc.queryForList(
                    "select 1 from account_balance where account_id = ?", Integer.class, accountId),
            rows -> !rows.isEmpty());
  }

  static List<String> playerAccounts(String playerId) {
    return List.of(LedgerRules.bankAccountId(playerId), LedgerRules.walletAccountId(playerId));
  }
}
