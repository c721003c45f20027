package dev.economy.app.query;

import static dev.economy.app.query.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.economy.app.IntegrationTest;
import dev.economy.app.TestTokens;
import dev.economy.messages.ledger.FreezeAccountCommand;
import dev.economy.messages.ledger.LedgerRules;
import dev.economy.messages.ledger.SystemAccount;
import java.time.Instant;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/** GET /api/v1/accounts/{id} and GET /api/v1/players/{id}/accounts, as a client sees them. */
class AccountQueryIT extends IntegrationTest {

  /** The response as a client would model it. */
  record Account(
      String accountId,
      String ownerId,
      String kind,
      String status,
      long balanceMinor,
      long inFlightOutMinor,
      long version,
      Instant openedAt,
      Instant updatedAt) {}

  record PlayerAccounts(String playerId, List<Account> accounts) {}

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
  void anAccountShowsItsBalanceAndDetailsAfterTransfers() {
    String player = QueryLedger.uniquePlayer("details");
    String wallet = LedgerRules.walletAccountId(player);
    String bank = LedgerRules.bankAccountId(player);
    ledger.openPlayer(player);
    ledger.transfer(
        player + "-salary", SystemAccount.PAYROLL.accountId(), wallet, 1_000, "salary", null);
    ledger.awaitSettledBalance(wallet, 1_000);
    ledger.transfer(player + "-deposit", wallet, bank, 300, "deposit", "to the bank");
    long walletVersion = ledger.awaitSettledBalance(wallet, 700);
    ledger.awaitSettledBalance(bank, 300);

    Account account = get(wallet);

    assertThat(account.accountId()).isEqualTo(wallet);
    assertThat(account.ownerId()).isEqualTo(player);
    assertThat(account.kind()).isEqualTo("WALLET");
    assertThat(account.status()).isEqualTo("OPEN");
    assertThat(account.balanceMinor()).isEqualTo(700);
    assertThat(account.inFlightOutMinor()).isZero();
    assertThat(account.version()).isEqualTo(walletVersion);
    assertThat(account.openedAt()).isEqualTo(ledger.time(wallet, "opened_at"));
    assertThat(account.updatedAt()).isEqualTo(ledger.time(wallet, "updated_at"));
    assertThat(account.updatedAt()).isAfter(account.openedAt());
    assertThat(get(bank).balanceMinor()).isEqualTo(300);
  }

  @Test
  void aFrozenAccountShowsItsStatus() {
    String player = QueryLedger.uniquePlayer("frozen");
    String wallet = LedgerRules.walletAccountId(player);
    ledger.openPlayer(player);
    long openedVersion = get(wallet).version();
    ledger.send(new FreezeAccountCommand(wallet, "suspected duping", "admin-1"));
    ledger.awaitVersion(wallet, openedVersion + 1);

    Account account = get(wallet);

    assertThat(account.status()).isEqualTo("FROZEN");
    assertThat(account.version()).isEqualTo(openedVersion + 1);
  }

  @Test
  void aSystemAccountIsAnAccountToo() {
    Account payroll = get(SystemAccount.PAYROLL.accountId());

    assertThat(payroll.kind()).isEqualTo("SYSTEM_SOURCE");
    assertThat(payroll.ownerId()).isEqualTo(SystemAccount.OWNER);
  }

  @Test
  void aPlayersAccountsAreHisWalletAndBankAccount() {
    String player = QueryLedger.uniquePlayer("owner");
    ledger.openPlayer(player);
    ledger.transfer(
        player + "-grant",
        SystemAccount.ADMIN_GRANTS.accountId(),
        LedgerRules.bankAccountId(player),
        250,
        "grant",
        null);
    ledger.awaitSettledBalance(LedgerRules.bankAccountId(player), 250);

    PlayerAccounts accounts =
        http.get()
            .uri("/api/v1/players/{playerId}/accounts", player)
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
            .expectBody(PlayerAccounts.class)
            .returnResult()
            .getResponseBody();

    assertThat(accounts.playerId()).isEqualTo(player);
    assertThat(accounts.accounts())
        .extracting(Account::accountId)
        .containsExactlyElementsOf(QueryLedger.playerAccounts(player));
    assertThat(accounts.accounts()).extracting(Account::kind).containsExactly("BANK", "WALLET");
    assertThat(accounts.accounts()).extracting(Account::balanceMinor).containsExactly(250L, 0L);
    assertThat(accounts.accounts())
        .allSatisfy(account -> assertThat(account.ownerId()).isEqualTo(player));
  }

  @Test
  void aPlayerWithoutAccountsIsNotFound() {
    assertProblem(
        http.get()
            .uri("/api/v1/players/{playerId}/accounts", QueryLedger.uniquePlayer("nobody"))
            .exchange(),
        404,
        "not_found");
  }

  @Test
  void theSystemOwnerIsNoPlayer() {
    // The system accounts have owner "system", but they are not a player's accounts.
    assertProblem(http.get().uri("/api/v1/players/system/accounts").exchange(), 404, "not_found");
  }

  @Test
  void aMalformedPlayerIdIsRefused() {
    assertProblem(
        http.get().uri("/api/v1/players/{playerId}/accounts", "a b").exchange(),
        400,
        "validation_failed");
    assertProblem(
        http.get().uri("/api/v1/players/{playerId}/accounts", "p".repeat(65)).exchange(),
        400,
        "validation_failed");
  }

  @Test
  void anUnknownAccountIsNotFound() {
    assertProblem(
            http.get()
                .uri(
                    "/api/v1/accounts/{accountId}",
                    LedgerRules.walletAccountId(QueryLedger.uniquePlayer("ghost")))
                .exchange(),
            404,
            "not_found")
        .jsonPath("$.instance")
        .value(instance -> assertThat((String) instance).startsWith("/api/v1/accounts/"));
  }

  @Test
  void aMalformedAccountIdIsRefused() {
    for (String malformed :
        List.of(
            "wallet-of-bob",
            "player:",
            "bank:p1:wallet",
            "player:a b:wallet",
            "player:" + "x".repeat(89),
            "0b5fd7a6-1d1c-3d5e-9b6e-1f0c2a5b7c11")) {
      assertProblem(
          http.get().uri("/api/v1/accounts/{accountId}", malformed).exchange(),
          400,
          "validation_failed");
    }
  }

  private Account get(String accountId) {
    return http.get()
        .uri("/api/v1/accounts/{accountId}", accountId)
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
        .expectBody(Account.class)
        .returnResult()
        .getResponseBody();
  }
}
