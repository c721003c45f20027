package dev.economy.app.players;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.economy.app.IntegrationTest;
import dev.economy.app.TestTokens;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Service clients exchange their id and secret (from the environment) for a short-lived token. */
class ServiceTokensIT extends IntegrationTest {

  @Autowired WebTestClient http;

  @Test
  void theRightSecretBuysAShortLivedTokenWithTheClientsRole() throws Exception {
    JsonNode answer =
        exchange(TestTokens.GAME, TestTokens.secretOf(TestTokens.GAME))
            .expectStatus()
            .isOk()
            .expectHeader()
            .cacheControl(org.springframework.http.CacheControl.noStore())
            .expectBody(JsonNode.class)
            .returnResult()
            .getResponseBody();

    assertThat(answer.path("tokenType").asText()).isEqualTo("Bearer");
    assertThat(answer.path("expiresIn").asLong()).isEqualTo(600);
    assertThat(answer.has("refreshToken")).isFalse();
    SignedJWT jwt = SignedJWT.parse(answer.path("accessToken").asText());
    assertThat(jwt.getHeader().getType().getType()).isEqualTo("at+jwt");
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(claims.getSubject()).isEqualTo(TestTokens.GAME);
    assertThat(claims.getStringClaim("client_id")).isEqualTo(TestTokens.GAME);
    assertThat(claims.getStringListClaim("roles")).containsExactly("game-server");
    assertThat(claims.getClaim("player_id")).isNull();
    assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime())
        .isEqualTo(600_000);

    for (String client : new String[] {TestTokens.ADMIN, TestTokens.AUDITOR, TestTokens.BOT}) {
      JsonNode token =
          exchange(client, TestTokens.secretOf(client))
              .expectStatus()
              .isOk()
              .expectBody(JsonNode.class)
              .returnResult()
              .getResponseBody();
      assertThat(
              SignedJWT.parse(token.path("accessToken").asText())
                  .getJWTClaimsSet()
                  .getStringListClaim("roles"))
          .hasSize(1);
    }
  }

  @Test
  void aWrongSecretOrAnUnknownClientIsInvalidClientAndTheSameAnswer() {
    JsonNode wrongSecret = refused(TestTokens.GAME, TestTokens.secretOf(TestTokens.ADMIN));
    JsonNode unknown = refused("nobody", TestTokens.secretOf("nobody"));
    refused(TestTokens.GAME, TestTokens.secretOf(TestTokens.GAME) + "x");
    refused(TestTokens.GAME, "");
    refused(TestTokens.GAME, null);
    // The digest itself is not the secret.
    refused(TestTokens.GAME, "5f1d7a84db00d2fce00b31a7fc73224f82c12c9e9d6e4da4ae7cbbf1e3bb1d5a");
    assertThat(wrongSecret.path("detail").asText()).isEqualTo(unknown.path("detail").asText());
  }

  @Value("${economy.auth.service-token-refusals-per-address-max}")
  int refusalsPerAddress;

  @Test
  void anAddressRefusedTooOftenGetsNoTokenUntilTheWindowEndsAndEachRefusalIsLogged() {
    String guesser =
        "10.66."
            + ThreadLocalRandom.current().nextInt(256)
            + "."
            + ThreadLocalRandom.current().nextInt(1, 255);
    String guess = "guess-" + Long.toString(System.nanoTime(), 36) + "-0123456789abcdef";
    ch.qos.logback.classic.Logger logger =
        (ch.qos.logback.classic.Logger)
            LoggerFactory.getLogger("dev.economy.command.players.web.AuthController");
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.list = new CopyOnWriteArrayList<>();
    logs.start();
    logger.addAppender(logs);
    try {
      for (int i = 0; i < refusalsPerAddress; i++) {
        exchangeFrom(guesser, TestTokens.GAME, guess + i).expectStatus().isUnauthorized();
      }
      // Even the right secret gets nothing from this address now.
      EntityExchangeResult<JsonNode> limited =
          exchangeFrom(guesser, TestTokens.GAME, TestTokens.secretOf(TestTokens.GAME))
              .expectStatus()
              .isEqualTo(429)
              .expectHeader()
              .contentType("application/problem+json")
              .expectBody(JsonNode.class)
              .returnResult();
      assertThat(limited.getResponseBody().path("code").asText()).isEqualTo("too_many_attempts");
      assertThat(Long.parseLong(limited.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)))
          .isBetween(1L, 600L);
    } finally {
      logger.detachAppender(logs);
    }
    List<ILoggingEvent> refusals =
        logs.list.stream().filter(event -> event.getFormattedMessage().contains(guesser)).toList();
    assertThat(refusals).hasSize(refusalsPerAddress + 1);
    assertThat(refusals)
        .allSatisfy(
            event -> {
              assertThat(event.getLevel()).isEqualTo(Level.WARN);
              assertThat(event.getFormattedMessage())
                  .contains(TestTokens.GAME)
                  .doesNotContain(guess)
                  .doesNotContain(TestTokens.secretOf(TestTokens.GAME));
            });

    // Another address is not held back by the guesser.
    exchangeFrom(
            "10.65." + ThreadLocalRandom.current().nextInt(256) + ".1",
            TestTokens.GAME,
            TestTokens.secretOf(TestTokens.GAME))
        .expectStatus()
        .isOk();
  }

  private WebTestClient.ResponseSpec exchangeFrom(String address, String clientId, String secret) {
    Map<String, Object> body = new java.util.HashMap<>();
    body.put("clientId", clientId);
    body.put("clientSecret", secret);
    return http.post()
        .uri("/api/v1/auth/service-token")
        .header("X-Forwarded-For", address)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  private JsonNode refused(String clientId, String secret) {
    EntityExchangeResult<JsonNode> result =
        exchange(clientId, secret)
            .expectStatus()
            .isUnauthorized()
            .expectHeader()
            .contentType("application/problem+json")
            .expectBody(JsonNode.class)
            .returnResult();
    assertThat(result.getResponseBody().path("code").asText()).isEqualTo("invalid_client");
    assertThat(result.getResponseHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isNotBlank();
    assertThat(result.getResponseBody().toString())
        .doesNotContain(TestTokens.secretOf(TestTokens.GAME));
    return result.getResponseBody();
  }

  private WebTestClient.ResponseSpec exchange(String clientId, String secret) {
    Map<String, Object> body = new java.util.HashMap<>();
    body.put("clientId", clientId);
    body.put("clientSecret", secret);
    return http.post()
        .uri("/api/v1/auth/service-token")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }
}
