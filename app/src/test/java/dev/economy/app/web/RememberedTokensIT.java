package dev.economy.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.economy.app.IntegrationTest;
import dev.economy.app.TestTokens;
import dev.economy.command.players.AccessTokens;
import dev.economy.web.token.AccessTokenVerifier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A game server sends the same access token with every request: its signature is checked once, and
 * the token is then remembered until it expires (TokenAttacksIT shows that a remembered token still
 * expires on time, and that a tampered copy of one is refused).
 */
class RememberedTokensIT extends IntegrationTest {

  @LocalServerPort int port;
  @Autowired AccessTokens accessTokens;
  @Autowired AccessTokenVerifier verifier;
  @Autowired WebTestClient http;

  @Test
  void theSameTokenHasItsSignatureCheckedOnce() throws Exception {
    String token = new TestTokens(port, accessTokens).service(TestTokens.AUDITOR);
    long before = verifier.signatureChecks();
    for (int i = 0; i < 5; i++) {
      http.get()
          .uri("/api/v1/money-supply")
          .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
          .exchange()
          .expectStatus()
          .isOk();
    }
    assertThat(verifier.signatureChecks() - before).isEqualTo(1);
    String another = new TestTokens(port, accessTokens).service(TestTokens.ADMIN);
    assertThat(verifier.verify(another).caller().actorId()).isEqualTo(TestTokens.ADMIN);
    assertThat(verifier.signatureChecks() - before).isEqualTo(2);
  }
}
