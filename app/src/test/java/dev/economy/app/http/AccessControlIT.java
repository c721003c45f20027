package dev.economy.app.http;

import static dev.economy.app.http.CommandApi.expectProblem;
import static dev.economy.app.http.CommandApi.expectProblemExchange;
import static dev.economy.app.http.CommandApi.transferBody;
import static dev.economy.app.http.CommandApi.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.economy.app.TestTokens;
import dev.economy.messages.ledger.AccountStatus;
import dev.economy.messages.ledger.LedgerRules;
import dev.economy.messages.ledger.SystemAccount;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Who may do what, over HTTP with real tokens (OWASP API1 object level, API5 function level): every
 * refusal is a problem+json 401 unauthenticated (no token) or 403 forbidden, and moves nothing.
 * Each refusal stands next to the allowed call it differs from, so that a rule that refused
 * everything would fail here too.
 */
class AccessControlIT extends CommandApiTest {

  private String alice;
  private String bob;
  private String aliceWallet;
  private String bobWallet;
  private String bobBank;

  @BeforeEach
  void twoFundedPlayers() {
    alice = api.openPlayer("alice");
    bob = api.openPlayer("bob");
    aliceWallet = LedgerRules.walletAccountId(alice);
    bobWallet = LedgerRules.walletAccountId(bob);
    bobBank = LedgerRules.bankAccountId(bob);
    api.fund(aliceWallet, 1_000);
    api.fund(bobWallet, 1_000);
    api.fund(bobBank, 1_000);
  }

  @Test
  void playerAReadsHerOwnMoneyButNotPlayerBs() {
    String a = TestTokens.playerActor(alice);
    readable(a, "/api/v1/accounts/" + aliceWallet);
    readable(a, "/api/v1/accounts/" + aliceWallet + "/history");
    readable(a, "/api/v1/players/" + alice + "/accounts");

    forbidden(get(a, "/api/v1/accounts/" + bobWallet));
    forbidden(get(a, "/api/v1/accounts/" + bobBank + "/history"));
    forbidden(get(a, "/api/v1/players/" + bob + "/accounts"));
    forbidden(
        api.client()
            .get()
            .uri("/api/v1/accounts/" + bobWallet + "/stream")
            .header(HttpHeaders.AUTHORIZATION, api.bearer(a))
            .accept(MediaType.TEXT_EVENT_STREAM)
            .exchange());
  }

  @Test
  void playerAMovesHerOwnMoneyButNotPlayerBs() {
    String a = TestTokens.playerActor(alice);
    Map<String, Long> before = api.eventRows(bobWallet, bobBank, aliceWallet);

    forbidden(
        api.post(
            a,
            "/api/v1/transfers",
            transferBody(unique("steal"), bobWallet, aliceWallet, 500, "gift", null)));
    forbidden(
        api.post(
            a,
            "/api/v1/players/" + bob + "/withdrawals",
            Map.of("idempotencyKey", unique("w"), "amountMinor", 10)));
    forbidden(
        api.post(
            a,
            "/api/v1/players/" + bob + "/deposits",
            Map.of("idempotencyKey", unique("d"), "amountMinor", 10)));
    api.assertNoNewEvents(before);
    assertThat(api.balance(bobWallet)).isEqualTo(1_000);

    // Her own money she moves: to Bob, and between her own wallet and bank.
    api.expectJson(
        api.post(
            a,
            "/api/v1/transfers",
            transferBody(unique("pay"), aliceWallet, bobWallet, 100, "gift", null)),
        201);
    api.expectJson(
        api.post(
            a,
            "/api/v1/players/" + alice + "/deposits",
            Map.of("idempotencyKey", unique("d"), "amountMinor", 10)),
        201);
    assertThat(api.balance(bobWallet)).isEqualTo(1_100);
  }

  @Test
  void aPlayerCallingAdminOrAuditorEndpointsIsForbidden() {
    String a = TestTokens.playerActor(alice);
    Map<String, Long> before = api.eventRows(aliceWallet, SystemAccount.ADMIN_GRANTS.accountId());

    forbidden(api.post(a, "/api/v1/accounts/" + aliceWallet + "/freeze", Map.of("reason", "r")));
    forbidden(api.post(a, "/api/v1/accounts/" + aliceWallet + "/close", Map.of("reason", "r")));
    forbidden(api.post(a, "/api/v1/accounts/" + aliceWallet + "/unfreeze", Map.of("reason", "r")));
    forbidden(api.post(a, "/api/v1/players/" + unique("new") + "/accounts", Map.of()));
    forbidden(
        api.post(
            a,
            "/api/v1/transfers",
            transferBody(
                unique("grant"),
                SystemAccount.ADMIN_GRANTS.accountId(),
                aliceWallet,
                1_000_000,
                "grant",
                null)));
    forbidden(api.post(a, "/api/v1/ingress/batch", Map.of("commands", List.of())));
    forbidden(get(a, "/api/v1/money-supply"));
    forbidden(get(a, "/api/v1/accounts/" + SystemAccount.ADMIN_GRANTS.accountId()));

    api.assertNoNewEvents(before);
    assertThat(api.account(aliceWallet).status()).isEqualTo(AccountStatus.OPEN);
  }

  @Test
  void aGameServerActsForPlayersThroughTheIngressButNotOnPlayerEndpoints() {
    String game = TestTokens.GAME;
    Map<String, Long> before = api.eventRows(bobWallet, bobBank);

    forbidden(
        api.post(
            game,
            "/api/v1/players/" + bob + "/deposits",
            Map.of("idempotencyKey", unique("d"), "amountMinor", 10)));
    forbidden(
        api.post(
            game,
            "/api/v1/players/" + bob + "/withdrawals",
            Map.of("idempotencyKey", unique("w"), "amountMinor", 10)));
    forbidden(
        api.post(
            game,
            "/api/v1/transfers",
            transferBody(unique("t"), bobWallet, aliceWallet, 10, "gift", null)));
    forbidden(api.post(game, "/api/v1/accounts/" + bobWallet + "/freeze", Map.of("reason", "r")));
    forbidden(get(game, "/api/v1/players/" + bob + "/accounts"));
    forbidden(get(game, "/api/v1/accounts/" + bobWallet));
    forbidden(get(game, "/api/v1/money-supply"));
    api.assertNoNewEvents(before);

    // Through the ingress it acts for any player, and pays wages, but grants nothing.
    JsonNode results =
        api.expectJson(
                api.post(
                    game,
                    "/api/v1/ingress/batch",
                    Map.of(
                        "commands",
                        List.of(
                            Map.of(
                                "type",
                                "deposit",
                                "playerId",
                                bob,
                                "idempotencyKey",
                                unique("d"),
                                "amountMinor",
                                10),
                            Map.of(
                                "type",
                                "transfer",
                                "idempotencyKey",
                                unique("fare"),
                                "fromAccountId",
                                bobWallet,
                                "toAccountId",
                                aliceWallet,
                                "amountMinor",
                                5,
                                "reasonCode",
                                "fare"),
                            Map.of(
                                "type",
                                "transfer",
                                "idempotencyKey",
                                unique("wage"),
                                "fromAccountId",
                                SystemAccount.PAYROLL.accountId(),
                                "toAccountId",
                                bobWallet,
                                "amountMinor",
                                7,
                                "reasonCode",
                                "salary"),
                            Map.of(
                                "type",
                                "transfer",
                                "idempotencyKey",
                                unique("grant"),
                                "fromAccountId",
                                SystemAccount.ADMIN_GRANTS.accountId(),
                                "toAccountId",
                                bobWallet,
                                "amountMinor",
                                1_000_000,
                                "reasonCode",
                                "grant"),
                            Map.of(
                                "type",
                                "transfer",
                                "idempotencyKey",
                                unique("don"),
                                "fromAccountId",
                                SystemAccount.DONATIONS.accountId(),
                                "toAccountId",
                                bobWallet,
                                "amountMinor",
                                1_000_000,
                                "reasonCode",
                                "donation")))),
                200)
            .path("results");
    assertThat(results.get(0).path("status").asInt()).isEqualTo(201);
    assertThat(results.get(1).path("status").asInt()).isEqualTo(201);
    assertThat(results.get(2).path("status").asInt()).isEqualTo(201);
    for (int i = 3; i <= 4; i++) {
      assertThat(results.get(i).path("status").asInt()).as("result %d", i).isEqualTo(403);
      CommandApi.assertProblem(results.get(i).path("problem"), 403, "forbidden");
    }
    assertThat(api.balance(bobWallet)).isEqualTo(1_000 - 10 - 5 + 7);
  }

  @Test
  void anAuditorReadsEverythingAndChangesNothing() {
    String auditor = TestTokens.AUDITOR;
    readable(auditor, "/api/v1/accounts/" + bobWallet);
    readable(auditor, "/api/v1/accounts/" + bobBank + "/history");
    readable(auditor, "/api/v1/players/" + alice + "/accounts");
    readable(auditor, "/api/v1/money-supply");
    readable(auditor, "/api/v1/accounts/" + SystemAccount.PAYROLL.accountId());

    Map<String, Long> before = api.eventRows(bobWallet, bobBank, aliceWallet);
    forbidden(
        api.post(
            auditor,
            "/api/v1/transfers",
            transferBody(
                unique("t"), SystemAccount.PAYROLL.accountId(), bobWallet, 10, "salary", null)));
    forbidden(
        api.post(
            auditor,
            "/api/v1/transfers",
            transferBody(unique("t"), bobWallet, aliceWallet, 10, "gift", null)));
    forbidden(
        api.post(auditor, "/api/v1/accounts/" + bobWallet + "/freeze", Map.of("reason", "r")));
    forbidden(api.post(auditor, "/api/v1/accounts/" + bobWallet + "/close", Map.of("reason", "r")));
    forbidden(
        api.post(
            auditor,
            "/api/v1/players/" + bob + "/deposits",
            Map.of("idempotencyKey", unique("d"), "amountMinor", 10)));
    forbidden(api.post(auditor, "/api/v1/players/" + unique("new") + "/accounts", Map.of()));
    forbidden(api.post(auditor, "/api/v1/ingress/batch", Map.of("commands", List.of())));
    api.assertNoNewEvents(before);
  }

  @Test
  void anAdminGrantsFreezesAndOpensButMovesNoPlayersMoney() throws Exception {
    String admin = TestTokens.ADMIN;
    Map<String, Long> before = api.eventRows(bobWallet, bobBank);
    forbidden(
        api.post(
            admin,
            "/api/v1/transfers",
            transferBody(unique("t"), bobWallet, aliceWallet, 10, "gift", null)));
    forbidden(
        api.post(
            admin,
            "/api/v1/players/" + bob + "/withdrawals",
            Map.of("idempotencyKey", unique("w"), "amountMinor", 10)));
    forbidden(api.post(admin, "/api/v1/ingress/batch", Map.of("commands", List.of())));
    api.assertNoNewEvents(before);

    api.expectJson(
        api.post(
            admin,
            "/api/v1/transfers",
            transferBody(
                unique("grant"),
                SystemAccount.ADMIN_GRANTS.accountId(),
                bobWallet,
                50,
                "grant",
                null)),
        201);
    api.expectJson(
        api.post(admin, "/api/v1/accounts/" + bobBank + "/freeze", Map.of("reason", "review")),
        200);
    api.expectJson(
        api.post(admin, "/api/v1/accounts/" + bobBank + "/unfreeze", Map.of("reason", "done")),
        200);
    try (AutoCloseable paused = api.players().accountsOpenerPaused()) {
      // A registered player whose accounts are not open yet.
      api.expectJson(
          api.post(
              admin, "/api/v1/players/" + api.players().register("new") + "/accounts", Map.of()),
          201);
    }
    readable(admin, "/api/v1/accounts/" + bobWallet);
    assertThat(api.balance(bobWallet)).isEqualTo(1_050);
  }

  @Test
  void theBotReadsTheMoneySupplyAndNothingElse() {
    String bot = TestTokens.BOT;
    readable(bot, "/api/v1/money-supply");
    forbidden(get(bot, "/api/v1/accounts/" + bobWallet));
    forbidden(get(bot, "/api/v1/players/" + bob + "/accounts"));
    Map<String, Long> before = api.eventRows(bobWallet);
    forbidden(
        api.post(
            bot,
            "/api/v1/transfers",
            transferBody(
                unique("t"), SystemAccount.PAYROLL.accountId(), bobWallet, 10, "salary", null)));
    forbidden(api.post(bot, "/api/v1/accounts/" + bobWallet + "/freeze", Map.of("reason", "r")));
    api.assertNoNewEvents(before);
  }

  @Test
  void everyProtectedEndpointWithoutATokenIsUnauthenticated() {
    Map<String, Long> before = api.eventRows(bobWallet, bobBank);
    WebTestClient client = api.client();
    for (String path :
        List.of(
            "/api/v1/accounts/" + bobWallet,
            "/api/v1/accounts/" + bobWallet + "/history",
            "/api/v1/accounts/" + bobWallet + "/stream",
            "/api/v1/players/" + bob + "/accounts",
            "/api/v1/money-supply")) {
      unauthenticated(client.get().uri(path).exchange());
    }
    Map<String, Object> transfer =
        transferBody(unique("t"), bobWallet, aliceWallet, 10, "gift", null);
    Map<String, Object> own = Map.of("idempotencyKey", unique("d"), "amountMinor", 10);
    Map<String, Object> reason = Map.of("reason", "r");
    unauthenticated(anonymousPost("/api/v1/transfers", transfer));
    unauthenticated(anonymousPost("/api/v1/players/" + bob + "/deposits", own));
    unauthenticated(anonymousPost("/api/v1/players/" + bob + "/withdrawals", own));
    unauthenticated(anonymousPost("/api/v1/players/" + bob + "/accounts", Map.of()));
    unauthenticated(anonymousPost("/api/v1/accounts/" + bobWallet + "/freeze", reason));
    unauthenticated(anonymousPost("/api/v1/accounts/" + bobWallet + "/unfreeze", reason));
    unauthenticated(anonymousPost("/api/v1/accounts/" + bobWallet + "/close", reason));
    unauthenticated(
        anonymousPost(
            "/api/v1/ingress/batch",
            Map.of(
                "commands",
                List.of(
                    Map.of(
                        "type",
                        "deposit",
                        "playerId",
                        bob,
                        "idempotencyKey",
                        unique("d"),
                        "amountMinor",
                        10)))));
    api.assertNoNewEvents(before);
  }

  /** Answers 200 for this caller (waiting for the read model to catch up with the funding). */
  private void readable(String actor, String path) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> get(actor, path).expectStatus().isOk());
  }

  private WebTestClient.ResponseSpec get(String actor, String path) {
    return api.client()
        .get()
        .uri(path)
        .header(HttpHeaders.AUTHORIZATION, api.bearer(actor))
        .exchange();
  }

  private WebTestClient.ResponseSpec anonymousPost(String path, Object body) {
    return api.client()
        .post()
        .uri(path)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  private static void forbidden(WebTestClient.ResponseSpec response) {
    expectProblem(response, 403, "forbidden");
  }

  private static void unauthenticated(WebTestClient.ResponseSpec response) {
    EntityExchangeResult<JsonNode> result = expectProblemExchange(response, 401, "unauthenticated");
    assertThat(result.getResponseHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))
        .startsWith("Bearer");
  }
}
