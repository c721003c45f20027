package dev.economy.app.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.economy.app.IntegrationTest;
import dev.economy.messages.ledger.AccountKind;
import dev.economy.messages.ledger.CloseAccountCommand;
import dev.economy.messages.ledger.FreezeAccountCommand;
import dev.economy.messages.ledger.LedgerRules;
import dev.economy.messages.ledger.SystemAccount;
import dev.economy.projections.ledger.ProjectionRebuild;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Invariant 5: the read models are a pure function of the event stream. A rebuild from scratch (the
 * rebuild command of docs/operations.md does exactly this) gives the same rows, every column, as
 * the live projection wrote, and repairs rows that were damaged or lost.
 */
class ProjectionRebuildIT extends IntegrationTest {

  private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(2);

  /** Every read-model table, each ordered by its primary key. */
  private static final Map<String, String> TABLES = new LinkedHashMap<>();

  static {
    TABLES.put("account_balance", "account_id");
    TABLES.put("account_history", "account_id, sequence_number");
    TABLES.put("transfer_in_flight", "transfer_id");
    TABLES.put("money_supply", "account_id");
  }

  @Autowired CommandGateway gateway;
  @Autowired JdbcTemplate jdbc;
  @Autowired ProjectionRebuild rebuild;

  @Test
  void rebuildingFromScratchGivesTheSameRowsAsTheLiveProjections() {
    String run = "rb" + Long.toString(System.nanoTime(), 36);
    produceEveryKindOfEvent(run);
    Map<String, List<Map<String, Object>>> live = awaitQuietAndRead();
    assertThat(live.get("account_history")).hasSizeGreaterThanOrEqualTo(8);

    // Damage the read models the way a bad deploy or a manual fix might.
    jdbc.update(
        "delete from account_history where account_id = ?", LedgerRules.bankAccountId(run + "-a"));
    jdbc.update(
        "update account_balance set balance_minor = balance_minor + 1 where account_id = ?",
        LedgerRules.walletAccountId(run + "-a"));
    assertThat(read()).isNotEqualTo(live);

    ProjectionRebuild.Report report = rebuild.rebuild(CATCH_UP_TIMEOUT);

    assertThat(report.events()).isPositive();
    Map<String, List<Map<String, Object>>> rebuilt = read();
    for (String table : TABLES.keySet()) {
      assertThat(rebuilt.get(table)).as(table).containsExactlyElementsOf(live.get(table));
    }
  }

  /** Debits, credits, a refund (closed destination), freezes and a close: every handler runs. */
  private void produceEveryKindOfEvent(String run) {
    LedgerClient ledger = new LedgerClient(gateway);
    String walletA = LedgerRules.walletAccountId(run + "-a");
    String bankA = LedgerRules.bankAccountId(run + "-a");
    String walletB = LedgerRules.walletAccountId(run + "-b");
    ledger.open(walletA, run + "-a", AccountKind.WALLET);
    ledger.open(bankA, run + "-a", AccountKind.BANK);
    ledger.open(walletB, run + "-b", AccountKind.WALLET);
    accepted(
        ledger,
        ledger.transfer(
            LedgerClient.transferCommand(
                "game",
                run + "-1",
                SystemAccount.PAYROLL.accountId(),
                walletA,
                5_000,
                "salary",
                "shift pay")));
    accepted(
        ledger,
        ledger.transfer(
            LedgerClient.transferCommand(
                "game", run + "-2", walletA, bankA, 2_000, "deposit", null)));
    accepted(
        ledger,
        ledger.transfer(
            LedgerClient.transferCommand(
                "game", run + "-3", bankA, SystemAccount.FEES.accountId(), 100, "fee", "atm")));
    assertThat(ledger.send(new FreezeAccountCommand(walletA, "check", "admin"))).isEmpty();
    assertThat(ledger.send(new CloseAccountCommand(walletB, "left", "admin"))).isEmpty();
    // The destination is closed: the money goes back to the source.
    accepted(
        ledger,
        ledger.transfer(
            LedgerClient.transferCommand("game", run + "-4", bankA, walletB, 300, "gift", null)));
  }

  /** Initiates and settles at once, as the HTTP API's fast path does. */
  private static void accepted(LedgerClient ledger, LedgerClient.Result result) {
    assertThat(result.accepted()).as(result.toString()).isTrue();
    assertThat(ledger.settle(result.outcome().transferId()).accepted()).isTrue();
  }

  /** Waits until no event is being written or projected, then reads every table. */
  private Map<String, List<Map<String, Object>>> awaitQuietAndRead() {
    // Settlement writes more events after a transfer's first commit: quiet means the newest event
    // stays the same across two catch-ups, with nothing left in flight.
    await()
        .atMost(CATCH_UP_TIMEOUT)
        .until(
            () ->
                rebuild.awaitCaughtUp(CATCH_UP_TIMEOUT) == rebuild.awaitCaughtUp(CATCH_UP_TIMEOUT)
                    && jdbc.queryForObject("select count(*) from transfer_in_flight", Long.class)
                        == 0);
    return read();
  }

  private Map<String, List<Map<String, Object>>> read() {
    Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
    TABLES.forEach(
        (table, key) ->
            tables.put(table, jdbc.queryForList("select * from " + table + " order by " + key)));
    return tables;
  }
}
