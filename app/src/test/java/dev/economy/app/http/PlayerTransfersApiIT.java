package dev.economy.app.http;

import static dev.economy.app.http.CommandApi.expectProblem;
import static dev.economy.app.http.CommandApi.transferId;
import static dev.economy.app.http.CommandApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.economy.app.TestTokens;
import dev.economy.messages.ledger.LedgerRules;
import dev.economy.messages.ledger.TransferInitiatedEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** POST /api/v1/players/{playerId}/deposits (wallet to bank) and /withdrawals (bank to wallet). */
class PlayerTransfersApiIT extends CommandApiTest {

  /** The player moving their own money. */
  private String actor;

  @Test
  void aDepositMovesCashFromTheWalletToTheBankUnderTheDefaultReason() {
    String playerId = api.openPlayer("depositor");
    actor = TestTokens.playerActor(playerId);
    String wallet = LedgerRules.walletAccountId(playerId);
    String bank = LedgerRules.bankAccountId(playerId);
    api.fund(wallet, 500);
    String key = unique("deposit");

    JsonNode outcome =
        api.expectJson(
            api.post(
                actor,
                "/api/v1/players/" + playerId + "/deposits",
                body(key, 200, null, "at the ATM")),
            201);

    assertThat(outcome.path("fromAccountId").asText()).isEqualTo(wallet);
    assertThat(outcome.path("toAccountId").asText()).isEqualTo(bank);
    assertThat(outcome.path("transferId").asText()).isEqualTo(transferId(actor, key));
    assertThat(outcome.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(api.balance(wallet)).isEqualTo(300);
    assertThat(api.balance(bank)).isEqualTo(200);
    assertThat(api.payloadField(transferId(actor, key), TransferInitiatedEvent.class, "reasonCode"))
        .containsExactly("deposit");

    JsonNode replayed =
        api.expectJson(
            api.post(
                actor,
                "/api/v1/players/" + playerId + "/deposits",
                body(key, 200, null, "at the ATM")),
            200);
    assertThat(replayed.path("replayed").asBoolean()).isTrue();
    assertThat(replayed.path("transferId")).isEqualTo(outcome.path("transferId"));
    assertThat(api.balance(bank)).isEqualTo(200);
  }

  @Test
  void aWithdrawalMovesMoneyFromTheBankToTheWalletUnderTheGivenReason() {
    String playerId = api.openPlayer("withdrawer");
    actor = TestTokens.playerActor(playerId);
    String wallet = LedgerRules.walletAccountId(playerId);
    String bank = LedgerRules.bankAccountId(playerId);
    api.fund(bank, 800);
    String key = unique("withdrawal");

    JsonNode outcome =
        api.expectJson(
            api.post(
                actor, "/api/v1/players/" + playerId + "/withdrawals", body(key, 350, "atm", null)),
            201);

    assertThat(outcome.path("fromAccountId").asText()).isEqualTo(bank);
    assertThat(outcome.path("toAccountId").asText()).isEqualTo(wallet);
    assertThat(api.balance(bank)).isEqualTo(450);
    assertThat(api.balance(wallet)).isEqualTo(350);
    assertThat(api.payloadField(transferId(actor, key), TransferInitiatedEvent.class, "reasonCode"))
        .containsExactly("atm");
  }

  @Test
  void withdrawingMoreThanTheBankHoldsIsInsufficientFundsAndChangesNothing() {
    String playerId = api.openPlayer("overdrawer");
    actor = TestTokens.playerActor(playerId);
    String wallet = LedgerRules.walletAccountId(playerId);
    String bank = LedgerRules.bankAccountId(playerId);
    api.fund(bank, 100);
    String key = unique("withdrawal");
    Map<String, Long> before = api.eventRows(wallet, bank, transferId(actor, key));

    expectProblem(
        api.post(actor, "/api/v1/players/" + playerId + "/withdrawals", body(key, 101, null, null)),
        422,
        "insufficient_funds");

    api.assertNoNewEvents(before);
  }

  @Test
  void aDepositForAPlayerWithoutAccountsIsNotFoundAndChangesNothing() {
    String playerId = unique("stranger");
    actor = TestTokens.playerActor(playerId);
    String key = unique("deposit");
    Map<String, Long> before =
        api.eventRows(
            LedgerRules.walletAccountId(playerId),
            LedgerRules.bankAccountId(playerId),
            transferId(actor, key));

    expectProblem(
        api.post(actor, "/api/v1/players/" + playerId + "/deposits", body(key, 10, null, null)),
        404,
        "not_found");

    api.assertNoNewEvents(before);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      player id in the body    | {"idempotencyKey":"{key}","amountMinor":5,"playerId":"{player}"} | playerId
      accounts in the body     | {"idempotencyKey":"{key}","amountMinor":5,"fromAccountId":"system:payroll"} | fromAccountId
      amount as a string       | {"idempotencyKey":"{key}","amountMinor":"5"}                     | amountMinor
      zero amount              | {"idempotencyKey":"{key}","amountMinor":0}                       | amountMinor
      negative amount          | {"idempotencyKey":"{key}","amountMinor":-1}                      | amountMinor
      amount missing           | {"idempotencyKey":"{key}"}                                       | amountMinor
      key missing              | {"amountMinor":5}                                                | idempotencyKey
      malformed reason code    | {"idempotencyKey":"{key}","amountMinor":5,"reasonCode":"ATM"}    | reasonCode
      memo too long            | {"idempotencyKey":"{key}","amountMinor":5,"memo":"{longMemo}"}   | memo
      """)
  void anInvalidDepositIsValidationFailedAndChangesNothing(
      String name, String template, String detailMentions) {
    String playerId = api.openPlayer("depositor");
    actor = TestTokens.playerActor(playerId);
    String wallet = LedgerRules.walletAccountId(playerId);
    String bank = LedgerRules.bankAccountId(playerId);
    api.fund(wallet, 100);
    String key = unique("deposit");
    String body =
        template
            .replace("{key}", key)
            .replace("{player}", playerId)
            .replace("{longMemo}", "m".repeat(LedgerRules.MEMO_LENGTH_MAX + 1));
    Map<String, Long> before = api.eventRows(wallet, bank, transferId(actor, key));

    JsonNode problem =
        expectProblem(
            api.postRaw(actor, "/api/v1/players/" + playerId + "/deposits", body),
            400,
            "validation_failed");

    assertThat(problem.path("detail").asText()).contains(detailMentions);
    api.assertNoNewEvents(before);
  }

  @Test
  void aMalformedPlayerIdInThePathIsValidationFailed() {
    actor = TestTokens.playerActor(api.openPlayer("someone"));
    String key = unique("deposit");
    expectProblem(
        api.post(
            actor, "/api/v1/players/" + "p".repeat(65) + "/withdrawals", body(key, 5, null, null)),
        400,
        "validation_failed");
  }

  private static Map<String, Object> body(
      String key, long amountMinor, String reasonCode, String memo) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("idempotencyKey", key);
    body.put("amountMinor", amountMinor);
    if (reasonCode != null) {
      body.put("reasonCode", reasonCode);
    }
    if (memo != null) {
      body.put("memo", memo);
    }
    return body;
  }
}
