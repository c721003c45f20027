package dev.economy.app.ops;

import static org.awaitility.Awaitility.await;

import dev.economy.messages.ledger.AccountKind;
import dev.economy.messages.ledger.LedgerRules;
import dev.economy.messages.ledger.OpenAccountCommand;
import dev.economy.messages.ledger.TransferIds;
import dev.economy.messages.ledger.TransferMoneyCommand;
import dev.economy.messages.ledger.TransferOutcome;
import java.time.Duration;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.jdbc.core.JdbcTemplate;

/** Ledger commands through the real command bus, for the operations tests. */
final class OpsLedger {

  static final String ACTOR = "ops-it";
  static final Duration PROJECTION_WAIT_MAX = Duration.ofSeconds(60);

  private final CommandGateway gateway;
  private final JdbcTemplate jdbc;

  OpsLedger(CommandGateway gateway, JdbcTemplate jdbc) {
    this.gateway = gateway;
    this.jdbc = jdbc;
  }

  static String uniquePlayer(String prefix) {
    return prefix + "-" + Long.toString(System.nanoTime(), 36);
  }

  void openPlayer(String playerId) {
    gateway.sendAndWait(
        new OpenAccountCommand(
            LedgerRules.walletAccountId(playerId), playerId, AccountKind.WALLET, ACTOR));
    gateway.sendAndWait(
        new OpenAccountCommand(
            LedgerRules.bankAccountId(playerId), playerId, AccountKind.BANK, ACTOR));
  }

  TransferOutcome transfer(String key, String from, String to, long amountMinor) {
    return gateway.sendAndWait(
        new TransferMoneyCommand(
            TransferIds.transferId(ACTOR, key), key, from, to, amountMinor, "salary", null, ACTOR));
  }

  void awaitBalance(String accountId, long balanceMinor) {
    await()
        .atMost(PROJECTION_WAIT_MAX)
        .until(
            () ->
                jdbc.queryForList(
                    "select 1 from account_balance where account_id = ? and balance_minor = ?"
                        + " and in_flight_out_minor = 0",
                    Integer.class,
                    accountId,
                    balanceMinor),
            rows -> !rows.isEmpty());
  }
}
