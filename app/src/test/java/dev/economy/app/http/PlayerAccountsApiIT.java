package dev.economy.app.http;

import static dev.economy.app.http.CommandApi.expectProblem;
import static dev.economy.app.http.CommandApi.transferBody;
import static dev.economy.app.http.CommandApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.economy.app.TestTokens;
import dev.economy.messages.ledger.AccountKind;
import dev.economy.messages.ledger.AccountOpenedEvent;
import dev.economy.messages.ledger.AccountStatus;
import dev.economy.messages.ledger.LedgerRules;
import dev.economy.messages.ledger.SystemAccount;
import dev.economy.messages.players.PlayerRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

/**
 * POST /api/v1/players/{playerId}/accounts: opens a registered player's wallet and bank account,
 * idempotently; a player nobody registered is not_found.
 */
class PlayerAccountsApiIT extends CommandApiTest {

  @Test
  void openingAnswers201WithBothAccountsAndOpeningAgainAnswers200AndOpensNothingMore()
      throws Exception {
    String playerId;
    JsonNode first;
    JsonNode again;
    // A registered player whose accounts are not open yet (registration's process died before it
    // opened them, and the player-accounts processor has not run): the request opens them.
    try (AutoCloseable paused = api.players().accountsOpenerPaused()) {
      playerId = api.players().register("opened");
      first = api.expectJson(open(playerId), 201);
      again = api.expectJson(open(playerId), 200);
    }
    String wallet = LedgerRules.walletAccountId(playerId);
    String bank = LedgerRules.bankAccountId(playerId);

    assertThat(first.path("playerId").asText()).isEqualTo(playerId);
    assertThat(first.path("walletAccountId").asText()).isEqualTo(wallet);
    assertThat(first.path("bankAccountId").asText()).isEqualTo(bank);
    assertThat(again).isEqualTo(first);
    assertThat(api.account(wallet).kind()).isEqualTo(AccountKind.WALLET);
    assertThat(api.account(bank).kind()).isEqualTo(AccountKind.BANK);
    assertThat(api.account(wallet).ownerId()).isEqualTo(playerId);
    assertThat(api.account(bank).status()).isEqualTo(AccountStatus.OPEN);
    assertThat(api.eventRowsOfType(wallet, AccountOpenedEvent.class)).isEqualTo(1);
    assertThat(api.eventRowsOfType(bank, AccountOpenedEvent.class)).isEqualTo(1);
    assertThat(api.payloadField(wallet, AccountOpenedEvent.class, "actor"))
        .containsExactly("registration");
  }

  @Test
  void aPlayerNobodyRegisteredIsNotFoundAndNothingIsOpened() {
    // A made-up name (the README's old examples), and a well-formed id the server never issued.
    String madeUp = unique("alice");
    String neverIssued = PlayerRules.newPlayerId();
    Map<String, Long> before =
        api.eventRows(
            LedgerRules.walletAccountId(madeUp),
            LedgerRules.bankAccountId(madeUp),
            LedgerRules.walletAccountId(neverIssued),
            LedgerRules.bankAccountId(neverIssued));

    JsonNode problem = expectProblem(open(madeUp), 404, "not_found");
    expectProblem(open(neverIssued), 404, "not_found");
    expectProblem(open("alice"), 404, "not_found");

    assertThat(problem.path("detail").asText()).contains(madeUp, "not registered");
    api.assertNoNewEvents(before);
  }

  @Test
  void grantsAndDepositsForAPlayerNobodyRegisteredAreNotFoundAndMoveNothing() {
    String ghost = PlayerRules.newPlayerId();
    String ghostWallet = LedgerRules.walletAccountId(ghost);
    Map<String, Long> before =
        api.eventRows(
            ghostWallet,
            LedgerRules.bankAccountId(ghost),
            SystemAccount.ADMIN_GRANTS.accountId(),
            SystemAccount.PAYROLL.accountId());

    expectProblem(
        api.post(
            TestTokens.ADMIN,
            "/api/v1/transfers",
            transferBody(
                unique("grant"),
                SystemAccount.ADMIN_GRANTS.accountId(),
                ghostWallet,
                500,
                "grant",
                null)),
        404,
        "not_found");
    expectProblem(
        api.post(
            CommandApi.PAYROLL_ACTOR,
            "/api/v1/transfers",
            transferBody(
                unique("salary"),
                SystemAccount.PAYROLL.accountId(),
                "player:alice:wallet",
                500,
                "salary",
                null)),
        404,
        "not_found");
    expectProblem(
        api.post(
            TestTokens.playerActor(ghost),
            "/api/v1/players/" + ghost + "/deposits",
            Map.of("idempotencyKey", unique("atm"), "amountMinor", 100)),
        404,
        "not_found");

    api.assertNoNewEvents(before);
  }

  @Test
  void idsWithNulOrUnpairedSurrogatesAreValidationFailedAndOpenNothing() {
    for (String encoded :
        new String[] {"a%00b", "%00", "a%ED%A0%80b", "%ED%B0%80", "%C0%80", "%FF%FE"}) {
      JsonNode problem =
          expectProblem(
              api.client()
                  .post()
                  .uri(api.rawUri("/api/v1/players/" + encoded + "/accounts"))
                  .header(HttpHeaders.AUTHORIZATION, api.bearer("registration"))
                  .exchange(),
              400,
              "validation_failed");
      assertThat(problem.path("detail").asText()).as(encoded).contains("playerId");
    }
  }

  @Test
  void concurrentRequestsOpeningTheSamePlayersAccountsOpenEachExactlyOnce() throws Exception {
    int requests = 8;
    String playerId;
    List<Integer> statuses;
    try (AutoCloseable paused = api.players().accountsOpenerPaused()) {
      playerId = api.players().register("racer");
      ExecutorService pool = Executors.newFixedThreadPool(requests);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
          answers.add(
              pool.submit(
                  () -> {
                    start.await();
                    return open(playerId).returnResult(JsonNode.class).getStatus().value();
                  }));
        }
        start.countDown();
        statuses = new ArrayList<>();
        for (Future<Integer> answer : answers) {
          statuses.add(answer.get(90, TimeUnit.SECONDS));
        }
      } finally {
        pool.shutdownNow();
      }
    }

    // Two first requests may both say 201 (the answer only chooses between 201 and 200), but each
    // account is opened once, and every request succeeds.
    assertThat(statuses)
        .as("statuses")
        .allMatch(status -> status == 200 || status == 201)
        .contains(201);
    assertThat(api.eventRowsOfType(LedgerRules.walletAccountId(playerId), AccountOpenedEvent.class))
        .isEqualTo(1);
    assertThat(api.eventRowsOfType(LedgerRules.bankAccountId(playerId), AccountOpenedEvent.class))
        .isEqualTo(1);
  }

  @Test
  void aMalformedPlayerIdIsValidationFailedAndOpensNothing() {
    String tooLong = "p".repeat(65);
    Map<String, Long> before =
        api.eventRows(
            LedgerRules.walletAccountId(tooLong),
            LedgerRules.bankAccountId(tooLong),
            "player:a b:wallet",
            "player:a b:bank");

    JsonNode problem = expectProblem(open(tooLong), 400, "validation_failed");
    expectProblem(open("a b"), 400, "validation_failed");

    assertThat(problem.path("detail").asText()).contains("playerId");
    api.assertNoNewEvents(before);
  }

  private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec open(
      String playerId) {
    return api.client()
        .post()
        .uri("/api/v1/players/{playerId}/accounts", playerId)
        .header(org.springframework.http.HttpHeaders.AUTHORIZATION, api.bearer("registration"))
        .exchange();
  }
}
