package dev.economy.app.http;

import static dev.economy.app.http.CommandApi.expectProblem;
import static dev.economy.app.http.CommandApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.economy.messages.ledger.AccountKind;
import dev.economy.messages.ledger.AccountOpenedEvent;
import dev.economy.messages.ledger.AccountStatus;
import dev.economy.messages.ledger.LedgerRules;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** POST /api/v1/players/{playerId}/accounts: opens a wallet and a bank account, idempotently. */
class PlayerAccountsApiIT extends CommandApiTest {

  @Test
  void openingAnswers201WithBothAccountsAndOpeningAgainAnswers200AndOpensNothingMore() {
    String playerId = unique("player");
    String wallet = LedgerRules.walletAccountId(playerId);
    String bank = LedgerRules.bankAccountId(playerId);

    JsonNode first = api.expectJson(open(playerId), 201);
    JsonNode again = api.expectJson(open(playerId), 200);

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
    assertThat(api.payloadField(wallet, AccountOpenedEvent.class, "actor")).containsExactly("registration");
  }

  @Test
  void aMalformedPlayerIdIsValidationFailedAndOpensNothing() {
    String tooLong = "p".repeat(65);
    Map<String, Long> before = api.eventRows(LedgerRules.walletAccountId(tooLong), LedgerRules.bankAccountId(tooLong),
        "player:a b:wallet", "player:a b:bank");

    JsonNode problem = expectProblem(open(tooLong), 400, "validation_failed");
    expectProblem(open("a b"), 400, "validation_failed");

    assertThat(problem.path("detail").asText()).contains("playerId");
    api.assertNoNewEvents(before);
  }

  private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec open(String playerId) {
    return api.client().post().uri("/api/v1/players/{playerId}/accounts", playerId)
        .header(org.springframework.http.HttpHeaders.AUTHORIZATION, api.bearer("registration"))
        .exchange();
  }
}
