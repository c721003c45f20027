package dev.economy.app.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.economy.app.IntegrationTest;
import dev.economy.app.TestTokens;
import dev.economy.messages.ledger.LedgerRules;
import dev.economy.messages.ledger.SystemAccount;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/** GET /api/v1/money-supply: what the sources issued, the sinks took and the players hold. */
class MoneySupplyIT extends IntegrationTest {

  record SystemAccountSupply(
      String accountId,
      String kind,
      long balanceMinor,
      long totalInMinor,
      long totalOutMinor,
      Instant updatedAt) {}

  record Supply(
      List<SystemAccountSupply> systemAccounts,
      long issuedMinor,
      long sunkMinor,
      long inFlightMinor,
      long heldByPlayersMinor) {

    Map<String, SystemAccountSupply> byAccount() {
      return systemAccounts.stream()
          .collect(Collectors.toMap(SystemAccountSupply::accountId, a -> a));
    }
  }

  @Autowired WebTestClient http;

  /** Auditors read every account: these tests are about what a read answers, not who may read. */
  @BeforeEach
  void readAsAnAuditor() {
    http =
        http.mutate()
            .defaultHeader(HttpHeaders.AUTHORIZATION, tokens().bearerFor(TestTokens.AUDITOR))
            .build();
  }

  @Autowired CommandGateway gateway;
  @Autowired JdbcTemplate jdbc;

  private QueryLedger ledger;

  @BeforeEach
  void setUp() {
    ledger = new QueryLedger(gateway, jdbc);
  }

  @Test
  void theMoneySupplyMovesExactlyAsTheTransfersImply() {
    String alice = QueryLedger.uniquePlayer("supply-a");
    String bob = QueryLedger.uniquePlayer("supply-b");
    ledger.openPlayer(alice);
    ledger.openPlayer(bob);
    // Earlier tests' transfers settle asynchronously: start from a ledger with nothing in flight.
    Supply before =
        await()
            .atMost(QueryLedger.PROJECTION_WAIT_MAX)
            .until(this::supply, supply -> supply.inFlightMinor() == 0);

    String aliceWallet = LedgerRules.walletAccountId(alice);
    String aliceBank = LedgerRules.bankAccountId(alice);
    String bobWallet = LedgerRules.walletAccountId(bob);
    ledger.transfer(
        alice + "-salary", SystemAccount.PAYROLL.accountId(), aliceWallet, 5_000, "salary", null);
    ledger.transfer(
        alice + "-grant", SystemAccount.ADMIN_GRANTS.accountId(), aliceBank, 2_000, "grant", null);
    ledger.transfer(
        bob + "-donation", SystemAccount.DONATIONS.accountId(), bobWallet, 700, "donation", null);
    ledger.awaitSettledBalance(aliceWallet, 5_000);
    ledger.awaitSettledBalance(aliceBank, 2_000);
    ledger.awaitSettledBalance(bobWallet, 700);
    ledger.transfer(
        alice + "-car", aliceWallet, SystemAccount.PURCHASES.accountId(), 1_200, "purchase", null);
    ledger.transfer(alice + "-fee", aliceBank, SystemAccount.FEES.accountId(), 300, "fee", null);
    // Between players: the supply does not change.
    ledger.transfer(bob + "-gift", bobWallet, aliceBank, 200, "gift", null);
    ledger.awaitSettledBalance(aliceWallet, 3_800);
    ledger.awaitSettledBalance(aliceBank, 1_900);
    ledger.awaitSettledBalance(bobWallet, 500);

    Supply after =
        await()
            .atMost(QueryLedger.PROJECTION_WAIT_MAX)
            .until(
                this::supply,
                supply ->
                    supply.inFlightMinor() == 0
                        && supply.byAccount().get(SystemAccount.FEES.accountId()).balanceMinor()
                            == before.byAccount().get(SystemAccount.FEES.accountId()).balanceMinor()
                                + 300);

    assertThat(after.issuedMinor() - before.issuedMinor()).isEqualTo(7_700);
    assertThat(after.sunkMinor() - before.sunkMinor()).isEqualTo(1_500);
    assertThat(after.heldByPlayersMinor() - before.heldByPlayersMinor()).isEqualTo(6_200);
    assertMoved(before, after, SystemAccount.PAYROLL, -5_000);
    assertMoved(before, after, SystemAccount.ADMIN_GRANTS, -2_000);
    assertMoved(before, after, SystemAccount.DONATIONS, -700);
    assertMoved(before, after, SystemAccount.PURCHASES, 1_200);
    assertMoved(before, after, SystemAccount.FEES, 300);
  }

  @Test
  void playersHoldWhatTheSystemAccountsGaveOutMinusWhatIsInFlight() {
    String carol = QueryLedger.uniquePlayer("supply-c");
    ledger.openPlayer(carol);
    ledger.transfer(
        carol + "-salary",
        SystemAccount.PAYROLL.accountId(),
        LedgerRules.walletAccountId(carol),
        900,
        "salary",
        null);
    ledger.awaitSettledBalance(LedgerRules.walletAccountId(carol), 900);

    // Conservation: what the read model's player rows hold is what the system accounts imply.
    Supply supply =
        await()
            .atMost(QueryLedger.PROJECTION_WAIT_MAX)
            .until(
                this::supply,
                candidate ->
                    candidate.heldByPlayersMinor() == playerBalancesMinor()
                        && candidate.inFlightMinor() == 0);

    // Every system account, and perhaps one a test opened of its own (SystemTotalsIT).
    assertThat(supply.byAccount().keySet())
        .containsAll(Arrays.stream(SystemAccount.values()).map(SystemAccount::accountId).toList());
    assertThat(supply.systemAccounts())
        .allSatisfy(
            account ->
                assertThat(account.totalInMinor() - account.totalOutMinor())
                    .isEqualTo(account.balanceMinor()));
    for (SystemAccount known : SystemAccount.values()) {
      assertThat(supply.byAccount().get(known.accountId()).kind())
          .as(known + " kind")
          .isEqualTo(known.kind().name());
    }
    long sources =
        supply.systemAccounts().stream()
            .filter(a -> a.kind().equals("SYSTEM_SOURCE"))
            .mapToLong(SystemAccountSupply::balanceMinor)
            .sum();
    long sinks =
        supply.systemAccounts().stream()
            .filter(a -> a.kind().equals("SYSTEM_SINK"))
            .mapToLong(SystemAccountSupply::balanceMinor)
            .sum();
    assertThat(supply.issuedMinor()).isEqualTo(-sources).isPositive();
    assertThat(supply.sunkMinor()).isEqualTo(sinks);
    assertThat(supply.heldByPlayersMinor()).isEqualTo(-(sources + sinks) - supply.inFlightMinor());
  }

  private long playerBalancesMinor() {
    return jdbc.queryForObject(
        "select coalesce(sum(balance_minor), 0) from account_balance"
            + " where kind in ('WALLET', 'BANK')",
        Long.class);
  }

  private static void assertMoved(
      Supply before, Supply after, SystemAccount account, long deltaMinor) {
    SystemAccountSupply was = before.byAccount().get(account.accountId());
    SystemAccountSupply is = after.byAccount().get(account.accountId());
    assertThat(is.balanceMinor() - was.balanceMinor())
        .as(account + " balance")
        .isEqualTo(deltaMinor);
    if (deltaMinor < 0) {
      assertThat(is.totalOutMinor() - was.totalOutMinor())
          .as(account + " out")
          .isEqualTo(-deltaMinor);
      assertThat(is.totalInMinor()).as(account + " in").isEqualTo(was.totalInMinor());
    } else {
      assertThat(is.totalInMinor() - was.totalInMinor()).as(account + " in").isEqualTo(deltaMinor);
      assertThat(is.totalOutMinor()).as(account + " out").isEqualTo(was.totalOutMinor());
    }
  }

  private Supply supply() {
    return http.get()
        .uri("/api/v1/money-supply")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(Supply.class)
        .returnResult()
        .getResponseBody();
  }
}
