package dev.economy.app.http;

import static dev.economy.app.http.CommandApi.expectProblem;
import static dev.economy.app.http.CommandApi.transferBody;
import static dev.economy.app.http.CommandApi.transferId;
import static dev.economy.app.http.CommandApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.economy.app.TestTokens;
import dev.economy.messages.ledger.AccountFrozenEvent;
import dev.economy.messages.ledger.AccountStatus;
import dev.economy.messages.ledger.LedgerRules;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * POST /api/v1/accounts/{accountId}/freeze, /unfreeze and /close, and what they mean for transfers.
 */
class AccountStatusApiIT extends CommandApiTest {

  private static final String ADMIN = "admin-1";

  @Test
  void aFrozenAccountRefusesDebitsReturnsCreditsAndWorksAgainOnceUnfrozen() {
    String suspectId = api.openPlayer("suspect");
    String otherId = api.openPlayer("other");
    String frozen = LedgerRules.walletAccountId(suspectId);
    String other = LedgerRules.walletAccountId(otherId);
    String suspect = TestTokens.playerActor(suspectId);
    api.fund(frozen, 500);
    api.fund(other, 500);

    JsonNode answer = api.expectJson(status(frozen, "freeze", "chargeback under review"), 200);
    assertThat(answer.path("accountId").asText()).isEqualTo(frozen);
    assertThat(answer.path("status").asText()).isEqualTo("FROZEN");
    assertThat(api.account(frozen).status()).isEqualTo(AccountStatus.FROZEN);
    // Freezing is idempotent: a second freeze answers the same and writes nothing.
    api.expectJson(status(frozen, "freeze", "again"), 200);
    assertThat(api.eventRowsOfType(frozen, AccountFrozenEvent.class)).isEqualTo(1);

    String outKey = unique("out");
    Map<String, Long> before = api.eventRows(frozen, other, transferId(suspect, outKey));
    expectProblem(
        api.post(
            suspect, "/api/v1/transfers", transferBody(outKey, frozen, other, 10, "gift", null)),
        422,
        "account_frozen");
    api.assertNoNewEvents(before);

    // Money sent to a frozen account is accepted, then goes back to its sender.
    JsonNode returned =
        api.expectJson(
            api.post(
                TestTokens.playerActor(otherId),
                "/api/v1/transfers",
                transferBody(unique("in"), other, frozen, 10, "gift", null)),
            201);
    assertThat(returned.path("status").asText()).isEqualTo("RETURNED");
    assertThat(returned.path("failureCode").asText()).isEqualTo("account_frozen");
    assertThat(api.balance(other)).isEqualTo(500);
    assertThat(api.balance(frozen)).isEqualTo(500);

    JsonNode unfrozen = api.expectJson(status(frozen, "unfreeze", "review done"), 200);
    assertThat(unfrozen.path("status").asText()).isEqualTo("OPEN");
    api.expectJson(
        api.post(
            suspect, "/api/v1/transfers", transferBody(outKey, frozen, other, 10, "gift", null)),
        201);
    assertThat(api.balance(frozen)).isEqualTo(490);
  }

  @Test
  void onlyAnEmptyAccountClosesAndAClosedAccountRefusesEverything() {
    String playerId = api.openPlayer("leaver");
    String leaver = TestTokens.playerActor(playerId);
    String wallet = LedgerRules.walletAccountId(playerId);
    String bank = LedgerRules.bankAccountId(playerId);
    api.fund(wallet, 50);

    Map<String, Long> before = api.eventRows(wallet);
    expectProblem(status(wallet, "close", "player left"), 422, "account_not_empty");
    api.assertNoNewEvents(before);

    api.expectJson(
        api.post(
            leaver,
            "/api/v1/players/" + playerId + "/deposits",
            Map.of("idempotencyKey", unique("empty"), "amountMinor", 50)),
        201);
    JsonNode closed = api.expectJson(status(wallet, "close", "player left"), 200);
    assertThat(closed.path("status").asText()).isEqualTo("CLOSED");
    assertThat(api.account(wallet).status()).isEqualTo(AccountStatus.CLOSED);

    String key = unique("from-closed");
    Map<String, Long> afterClose = api.eventRows(wallet, bank, transferId(leaver, key));
    expectProblem(
        api.post(
            leaver,
            "/api/v1/players/" + playerId + "/deposits",
            Map.of("idempotencyKey", key, "amountMinor", 1)),
        422,
        "account_closed");
    expectProblem(status(wallet, "freeze", "too late"), 422, "account_closed");
    expectProblem(status(wallet, "unfreeze", "too late"), 422, "account_closed");
    api.assertNoNewEvents(afterClose);
  }

  @ParameterizedTest
  @ValueSource(strings = {"freeze", "unfreeze", "close"})
  void anUnknownAccountIsNotFound(String action) {
    String unknown = LedgerRules.bankAccountId(unique("nobody"));
    Map<String, Long> before = api.eventRows(unknown);

    JsonNode problem = expectProblem(status(unknown, action, "why not"), 404, "not_found");

    assertThat(problem.path("detail").asText()).contains(unknown);
    api.assertNoNewEvents(before);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      reason missing          | {}                            | reason is missing
      reason blank            | {"reason":"  "}               | reason is missing
      reason as a number      | {"reason":42}                 | reason
      reason too long         | {"reason":"{longReason}"}     | reason is longer than 200
      unknown field           | {"reason":"r","until":"soon"} | until
      malformed JSON          | {"reason":                    | malformed JSON
      """)
  void anInvalidStatusChangeIsValidationFailedAndChangesNothing(
      String name, String template, String mentions) {
    String wallet = LedgerRules.walletAccountId(api.openPlayer("target"));
    Map<String, Long> before = api.eventRows(wallet);
    String body =
        template.replace("{longReason}", "r".repeat(LedgerRules.STATUS_REASON_LENGTH_MAX + 1));

    JsonNode problem =
        expectProblem(
            api.postRaw(ADMIN, "/api/v1/accounts/" + wallet + "/freeze", body),
            400,
            "validation_failed");

    assertThat(problem.path("detail").asText()).contains(mentions);
    api.assertNoNewEvents(before);
    assertThat(api.account(wallet).status()).isEqualTo(AccountStatus.OPEN);
  }

  @Test
  void aMalformedAccountIdIsValidationFailed() {
    expectProblem(status("wallet-of-bob", "freeze", "r"), 400, "validation_failed");
    expectProblem(
        status("0b7e3f4c-5d1a-3e2b-9c8d-7a6b5c4d3e2f", "close", "r"), 400, "validation_failed");
  }

  private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec status(
      String accountId, String action, String reason) {
    return api.post(
        ADMIN, "/api/v1/accounts/" + accountId + "/" + action, Map.of("reason", reason));
  }
}
