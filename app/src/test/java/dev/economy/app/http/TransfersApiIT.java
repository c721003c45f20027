package dev.economy.app.http;

import static dev.economy.app.http.CommandApi.expectProblem;
import static dev.economy.app.http.CommandApi.transferBody;
import static dev.economy.app.http.CommandApi.transferId;
import static dev.economy.app.http.CommandApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.economy.app.TestTokens;
import dev.economy.messages.ledger.LedgerRules;
import dev.economy.messages.ledger.SystemAccount;
import dev.economy.messages.ledger.TransferInitiatedEvent;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** POST /api/v1/transfers as a client makes it: success, replay, conflict, refusals, bad input. */
class TransfersApiIT extends CommandApiTest {

  /**
   * Who sends the transfer: the paying player (a player moves only their own money), or an admin
   * granting.
   */
  private String actor;

  /** Opens a player whose account pays in this test, and acts as that player. */
  private String payerWallet(String name) {
    String playerId = api.openPlayer(name);
    actor = TestTokens.playerActor(playerId);
    return LedgerRules.walletAccountId(playerId);
  }

  @Test
  void aNewTransferAnswers201WithItsCompletedOutcomeAndMovesTheMoney() {
    String payer = payerWallet("payer");
    String payee = LedgerRules.walletAccountId(api.openPlayer("payee"));
    api.fund(payer, 1_000);
    String key = unique("pay");

    JsonNode outcome =
        api.expectJson(
            api.post(
                actor,
                "/api/v1/transfers",
                transferBody(key, payer, payee, 300, "gift", "for the taxi")),
            201);

    assertThat(outcome.path("transferId").asText()).isEqualTo(transferId(actor, key));
    assertThat(outcome.path("idempotencyKey").asText()).isEqualTo(key);
    assertThat(outcome.path("fromAccountId").asText()).isEqualTo(payer);
    assertThat(outcome.path("toAccountId").asText()).isEqualTo(payee);
    assertThat(outcome.path("amountMinor").asLong()).isEqualTo(300);
    assertThat(outcome.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(outcome.path("replayed").asBoolean()).isFalse();
    assertThat(api.balance(payer)).isEqualTo(700);
    assertThat(api.balance(payee)).isEqualTo(300);
    assertThat(api.account(payer).inFlightOutMinor()).isZero();
    // The actor is the caller resolved by the caller seam, recorded on the event.
    assertThat(api.payloadField(transferId(actor, key), TransferInitiatedEvent.class, "actor"))
        .containsExactly(actor);
    assertThat(api.payloadField(transferId(actor, key), TransferInitiatedEvent.class, "memo"))
        .containsExactly("for the taxi");
  }

  @Test
  void theSameKeyAndContentAgainAnswers200WithTheFirstOutcomeReplayedAndMovesNothing() {
    String payer = payerWallet("payer");
    String payee = LedgerRules.bankAccountId(api.openPlayer("payee"));
    api.fund(payer, 1_000);
    String key = unique("pay");
    Map<String, Object> body = transferBody(key, payer, payee, 250, "purchase", null);

    JsonNode first = api.expectJson(api.post(actor, "/api/v1/transfers", body), 201);
    JsonNode again = api.expectJson(api.post(actor, "/api/v1/transfers", body), 200);
    JsonNode thirdTime = api.expectJson(api.post(actor, "/api/v1/transfers", body), 200);

    assertThat(again.path("replayed").asBoolean()).isTrue();
    assertThat(thirdTime.path("replayed").asBoolean()).isTrue();
    for (String field :
        new String[] {
          "transferId",
          "idempotencyKey",
          "fromAccountId",
          "toAccountId",
          "amountMinor",
          "status",
          "failureCode"
        }) {
      assertThat(again.path(field)).as(field).isEqualTo(first.path(field));
      assertThat(thirdTime.path(field)).as(field).isEqualTo(first.path(field));
    }
    assertThat(api.balance(payer)).isEqualTo(750);
    assertThat(api.balance(payee)).isEqualTo(250);
    assertThat(api.eventRowsOfType(transferId(actor, key), TransferInitiatedEvent.class))
        .isEqualTo(1);
  }

  @Test
  void theSameKeyWithOtherContentIsAnIdempotencyConflictAndChangesNothing() {
    String payer = payerWallet("payer");
    String payee = LedgerRules.walletAccountId(api.openPlayer("payee"));
    api.fund(payer, 1_000);
    String key = unique("pay");
    api.expectJson(
        api.post(actor, "/api/v1/transfers", transferBody(key, payer, payee, 100, "gift", null)),
        201);
    Map<String, Long> before = api.eventRows(payer, payee, transferId(actor, key));

    expectProblem(
        api.post(actor, "/api/v1/transfers", transferBody(key, payer, payee, 101, "gift", null)),
        409,
        "idempotency_conflict");
    expectProblem(
        api.post(
            actor, "/api/v1/transfers", transferBody(key, payer, payee, 100, "gift", "changed")),
        409,
        "idempotency_conflict");

    api.assertNoNewEvents(before);
    assertThat(api.balance(payer)).isEqualTo(900);
  }

  @Test
  void moreThanTheBalanceIsRefusedWithInsufficientFundsAndChangesNothing() {
    String payer = payerWallet("payer");
    String payee = LedgerRules.walletAccountId(api.openPlayer("payee"));
    api.fund(payer, 100);
    String key = unique("pay");
    Map<String, Long> before = api.eventRows(payer, payee, transferId(actor, key));

    JsonNode problem =
        expectProblem(
            api.post(
                actor, "/api/v1/transfers", transferBody(key, payer, payee, 101, "gift", null)),
            422,
            "insufficient_funds");

    assertThat(problem.path("detail").asText()).contains(payer);
    api.assertNoNewEvents(before);
    assertThat(api.balance(payer)).isEqualTo(100);

    // A refusal writes nothing, so the same key works once the money is there.
    api.fund(payer, 1);
    api.expectJson(
        api.post(actor, "/api/v1/transfers", transferBody(key, payer, payee, 101, "gift", null)),
        201);
    assertThat(api.balance(payee)).isEqualTo(101);
  }

  /**
   * A source issues money by going negative; past Long.MIN_VALUE its balance would wrap around to a
   * fortune. Having issued at least 2, the source cannot issue Long.MAX_VALUE more.
   */
  @Test
  void anIssueThatWouldOverflowTheSourceIsAmountOverflowAndChangesNothing() {
    String source = SystemAccount.ADMIN_GRANTS.accountId();
    actor = TestTokens.ADMIN;
    String payee = LedgerRules.walletAccountId(api.openPlayer("overflow"));
    api.expectJson(
        api.post(
            actor,
            "/api/v1/transfers",
            transferBody(unique("grant"), source, payee, 2, "grant", null)),
        201);
    String key = unique("too-much");
    Map<String, Long> before = api.eventRows(source, payee, transferId(actor, key));

    expectProblem(
        api.post(
            actor,
            "/api/v1/transfers",
            transferBody(key, source, payee, Long.MAX_VALUE, "grant", null)),
        422,
        "amount_overflow");

    api.assertNoNewEvents(before);
    assertThat(api.balance(payee)).isEqualTo(2);
  }

  @Test
  void anUnknownAccountOnEitherSideIsNotFoundAndChangesNothing() {
    String known = payerWallet("known");
    api.fund(known, 100);
    String nobody = unique("nobody");
    String unknown = LedgerRules.walletAccountId(nobody);
    String toUnknown = unique("to-unknown");
    String fromUnknown = unique("from-unknown");
    Map<String, Long> before =
        api.eventRows(
            known,
            unknown,
            transferId(actor, toUnknown),
            transferId(TestTokens.playerActor(nobody), fromUnknown));

    expectProblem(
        api.post(
            actor, "/api/v1/transfers", transferBody(toUnknown, known, unknown, 10, "gift", null)),
        404,
        "not_found");
    // Out of one's own account that was never opened.
    expectProblem(
        api.post(
            TestTokens.playerActor(nobody),
            "/api/v1/transfers",
            transferBody(fromUnknown, unknown, known, 10, "gift", null)),
        404,
        "not_found");

    api.assertNoNewEvents(before);
    assertThat(api.balance(known)).isEqualTo(100);
  }

  /**
   * Bodies that are malformed, mistyped or break an input rule: each is a 400 validation_failed
   * whose detail names what is wrong, and none writes an event. {key}, {from} and {to} are filled
   * in with a fresh key and two funded accounts.
   */
  static Stream<Arguments> invalidBodies() {
    String valid =
        "\"idempotencyKey\":\"{key}\",\"fromAccountId\":\"{from}\",\"toAccountId\":\"{to}\","
            + "\"reasonCode\":\"gift\",\"memo\":\"m\"";
    String withoutAmount = valid;
    return Stream.of(
        Arguments.of("zero amount", "{" + valid + ",\"amountMinor\":0}", "amountMinor"),
        Arguments.of("negative amount", "{" + valid + ",\"amountMinor\":-5}", "amountMinor"),
        Arguments.of(
            "amount as a string", "{" + valid + ",\"amountMinor\":\"100\"}", "amountMinor"),
        Arguments.of(
            "amount as a fraction", "{" + valid + ",\"amountMinor\":100.5}", "amountMinor"),
        Arguments.of(
            "amount as a whole float", "{" + valid + ",\"amountMinor\":100.0}", "amountMinor"),
        Arguments.of(
            "amount in exponent form", "{" + valid + ",\"amountMinor\":1e2}", "amountMinor"),
        Arguments.of("amount as a boolean", "{" + valid + ",\"amountMinor\":true}", "amountMinor"),
        Arguments.of(
            "amount past 64 bits",
            "{" + valid + ",\"amountMinor\":9223372036854775808}",
            "out of range"),
        Arguments.of(
            "amount far past 64 bits",
            "{" + valid + ",\"amountMinor\":123456789012345678901234567890}",
            "out of range"),
        Arguments.of("amount missing", "{" + withoutAmount + "}", "amountMinor is missing"),
        Arguments.of(
            "amount null", "{" + valid + ",\"amountMinor\":null}", "amountMinor is missing"),
        Arguments.of(
            "key missing",
            "{\"fromAccountId\":\"{from}\",\"toAccountId\":\"{to}\",\"amountMinor\":5,"
                + "\"reasonCode\":\"gift\"}",
            "idempotencyKey is missing"),
        Arguments.of(
            "key with spaces",
            "{\"idempotencyKey\":\"a key\",\"fromAccountId\":\"{from}\","
                + "\"toAccountId\":\"{to}\",\"amountMinor\":5,\"reasonCode\":\"gift\"}",
            "idempotencyKey"),
        Arguments.of(
            "key too long",
            "{\"idempotencyKey\":\""
                + "k".repeat(129)
                + "\",\"fromAccountId\":\"{from}\","
                + "\"toAccountId\":\"{to}\",\"amountMinor\":5,\"reasonCode\":\"gift\"}",
            "idempotencyKey"),
        Arguments.of(
            "source missing",
            "{\"idempotencyKey\":\"{key}\",\"toAccountId\":\"{to}\",\"amountMinor\":5,"
                + "\"reasonCode\":\"gift\"}",
            "fromAccountId is missing"),
        Arguments.of(
            "reason code missing",
            "{\"idempotencyKey\":\"{key}\",\"fromAccountId\":\"{from}\","
                + "\"toAccountId\":\"{to}\",\"amountMinor\":5}",
            "reasonCode is missing"),
        Arguments.of(
            "reason code malformed",
            "{\"idempotencyKey\":\"{key}\",\"fromAccountId\":\"{from}\","
                + "\"toAccountId\":\"{to}\",\"amountMinor\":5,\"reasonCode\":\"Gift!\"}",
            "reasonCode"),
        Arguments.of(
            "account id without namespace",
            "{\"idempotencyKey\":\"{key}\",\"fromAccountId\":\"{from}\","
                + "\"toAccountId\":\"wallet-of-bob\",\"amountMinor\":5,\"reasonCode\":\"gift\"}",
            "toAccountId"),
        Arguments.of(
            "a transfer id as account",
            "{\"idempotencyKey\":\"{key}\",\"fromAccountId\":\"{from}\","
                + "\"toAccountId\":\"0b7e3f4c-5d1a-3e2b-9c8d-7a6b5c4d3e2f\",\"amountMinor\":5,\"reasonCode\":\"gift\"}",
            "toAccountId"),
        Arguments.of(
            "same account twice",
            "{\"idempotencyKey\":\"{key}\",\"fromAccountId\":\"{from}\","
                + "\"toAccountId\":\"{from}\",\"amountMinor\":5,\"reasonCode\":\"gift\"}",
            "must differ"),
        Arguments.of(
            "memo too long",
            "{\"idempotencyKey\":\"{key}\",\"fromAccountId\":\"{from}\","
                + "\"toAccountId\":\"{to}\",\"amountMinor\":5,\"reasonCode\":\"gift\",\"memo\":\""
                + "m".repeat(LedgerRules.MEMO_LENGTH_MAX + 1)
                + "\"}",
            "memo"),
        Arguments.of(
            "memo as a number",
            "{" + valid.replace("\"memo\":\"m\"", "\"memo\":42") + ",\"amountMinor\":5}",
            "memo"),
        Arguments.of(
            "unknown field", "{" + valid + ",\"amountMinor\":5,\"currency\":\"EUR\"}", "currency"),
        Arguments.of(
            "duplicate field",
            "{" + valid + ",\"amountMinor\":5,\"amountMinor\":6}",
            "amountMinor"),
        Arguments.of("malformed JSON", "{" + valid + ",\"amountMinor\":5", "malformed JSON"),
        Arguments.of("trailing garbage", "{" + valid + ",\"amountMinor\":5} {}", "JSON"),
        Arguments.of(
            "an array instead of an object", "[{" + valid + ",\"amountMinor\":5}]", "object"),
        Arguments.of("empty body", "", "missing"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidBodies")
  void anInvalidBodyIsValidationFailedAndChangesNothing(
      String name, String template, String detailMentions) {
    String payer = payerWallet("payer");
    String payee = LedgerRules.walletAccountId(api.openPlayer("payee"));
    api.fund(payer, 1_000);
    String key = unique("bad");
    String body = template.replace("{key}", key).replace("{from}", payer).replace("{to}", payee);
    Map<String, Long> before = api.eventRows(payer, payee, transferId(actor, key));

    JsonNode problem =
        expectProblem(api.postRaw(actor, "/api/v1/transfers", body), 400, "validation_failed");

    assertThat(problem.path("detail").asText()).contains(detailMentions);
    api.assertNoNewEvents(before);
    assertThat(api.balance(payer)).isEqualTo(1_000);
  }
}
