package dev.economy.app.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.economy.app.IntegrationTest;
import dev.economy.messages.ledger.AccountKind;
import dev.economy.messages.ledger.LedgerErrorCode;
import dev.economy.messages.ledger.LedgerRules;
import dev.economy.messages.ledger.SystemAccount;
import dev.economy.messages.ledger.TransferMoneyCommand;
import java.time.Duration;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The money supply read model keeps each system account's total out and total in as BIGINT. The
 * command side refuses a movement that would take either past Long.MAX_VALUE, so no accepted event
 * can overflow the read model (PostgreSQL's "bigint out of range") and halt its projection for
 * everyone.
 *
 * <p>The test uses a system source of its own (the shared ones must keep their room for the other
 * tests) and leaves it, and its wallet, at a balance of zero: it sends the money back each time.
 */
class SystemTotalsIT extends IntegrationTest {

  private static final long MAX = Long.MAX_VALUE;

  @Autowired CommandGateway gateway;
  @Autowired JdbcTemplate jdbc;

  @Test
  void aGrantThatWouldTakeASourcesTotalPastTheLargestLongIsRefusedAndTheReadModelsKeepMoving() {
    LedgerClient ledger = new LedgerClient(gateway);
    String run = "t" + Long.toString(System.nanoTime(), 36);
    String source = "system:totals-" + run;
    String player = run + "-player";
    String wallet = LedgerRules.walletAccountId(player);
    ledger.open(source, SystemAccount.OWNER, AccountKind.SYSTEM_SOURCE);
    ledger.open(wallet, player, AccountKind.WALLET);

    // A grant near the limit, and the money sent back: the source's balance is 0 again, its
    // totals out and in are MAX - 5.
    move(ledger, run + "-grant-1", source, wallet, MAX - 5);
    move(ledger, run + "-back-1", wallet, source, MAX - 5);

    // A second grant that the balance would allow, but the total out would pass MAX.
    LedgerClient.Result refused =
        ledger.transfer(
            LedgerClient.transferCommand(
                "admin", run + "-grant-2", source, wallet, 6, "grant", null));
    assertThat(refused.refusal()).as(refused.toString()).isEqualTo(LedgerErrorCode.AMOUNT_OVERFLOW);

    // Up to exactly MAX is fine, both ways.
    move(ledger, run + "-grant-3", source, wallet, 5);
    move(ledger, run + "-back-3", wallet, source, 5);

    // The read models hold it all, and keep moving: a later ordinary transfer is projected.
    String payee = LedgerRules.walletAccountId(run + "-payee");
    ledger.open(payee, run + "-payee", AccountKind.WALLET);
    move(ledger, run + "-salary", SystemAccount.PAYROLL.accountId(), payee, 100);
    await("the ordinary transfer in the read model")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> balance(payee) == 100L);
    Map<String, Object> supply =
        jdbc.queryForMap(
            "select balance_minor, total_out_minor, total_in_minor from money_supply"
                + " where account_id = ?",
            source);
    assertThat(((Number) supply.get("balance_minor")).longValue()).isZero();
    assertThat(((Number) supply.get("total_out_minor")).longValue()).isEqualTo(MAX);
    assertThat(((Number) supply.get("total_in_minor")).longValue()).isEqualTo(MAX);
    assertThat(balance(wallet)).isZero();
  }

  private static void move(LedgerClient ledger, String key, String from, String to, long amount) {
    TransferMoneyCommand command =
        LedgerClient.transferCommand("admin", key, from, to, amount, "grant", null);
    LedgerClient.Result result = ledger.transfer(command);
    assertThat(result.acceptedFirstTime()).as(key + ": " + result).isTrue();
    assertThat(ledger.settle(command.transferId()).accepted()).as(key + " settled").isTrue();
  }

  private Long balance(String accountId) {
    return jdbc.query(
        "select balance_minor from account_balance where account_id = ?",
        rows -> rows.next() ? rows.getLong(1) : null,
        accountId);
  }
}
