package dev.economy.app.players;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jwt.SignedJWT;
import dev.economy.app.IntegrationTest;
import dev.economy.command.players.AccessTokens;
import dev.economy.messages.ledger.AccountKind;
import dev.economy.messages.ledger.LedgerRules;
import dev.economy.messages.ledger.OpenAccountCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * A live stream outlives its request: it ends when the access token that opened it expires, so an
 * expired token is no way to go on reading (the client reconnects with a fresh token and its
 * Last-Event-ID, and misses nothing).
 */
class StreamEndsWithTokenIT extends IntegrationTest {

  @Autowired JdbcTemplate jdbc;
  @Autowired CommandGateway gateway;
  @Autowired WebTestClient http;
  @Autowired AccessTokens accessTokens;

  @Test
  void aStreamEndsWhenItsTokenExpiresAndRunsOnWithALongerOne() throws Exception {
    String player = "stream-" + Long.toString(System.nanoTime(), 36);
    String wallet = LedgerRules.walletAccountId(player);
    gateway.sendAndWait(new OpenAccountCommand(wallet, player, AccountKind.WALLET, "test"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                !jdbc.queryForList(
                        "select 1 from account_balance where account_id = ?", Integer.class, wallet)
                    .isEmpty());
    ForgedTokens forged = new ForgedTokens(jdbc);
    // A real login, for its session: the forged tokens differ from its token in their expiry only.
    String session =
        SignedJWT.parse(accessTokens.issueForPlayer(player).accessToken())
            .getJWTClaimsSet()
            .getStringClaim("sid");

    String shortLived =
        forged.sign(
            h -> h,
            c ->
                c.claim("player_id", player)
                    .claim("sid", session)
                    .expirationTime(Date.from(Instant.now().plusSeconds(4))),
            "player:" + player,
            "player");
    StepVerifier.create(stream(wallet, shortLived))
        .assertNext(event -> assertThat(event.event()).isEqualTo("balance"))
        // No heartbeat is due (every 15 s): the end comes from the token's expiry.
        .expectComplete()
        .verify(Duration.ofSeconds(12));

    String tenMinutes =
        forged.sign(
            h -> h,
            c -> c.claim("player_id", player).claim("sid", session),
            "player:" + player,
            "player");
    StepVerifier.create(stream(wallet, tenMinutes))
        .assertNext(event -> assertThat(event.event()).isEqualTo("balance"))
        .expectNoEvent(Duration.ofSeconds(8))
        .thenCancel()
        .verify(Duration.ofSeconds(20));
  }

  private Flux<ServerSentEvent<String>> stream(String accountId, String token) {
    WebTestClient client = http.mutate().responseTimeout(Duration.ofSeconds(30)).build();
    return client
        .get()
        .uri("/api/v1/accounts/{accountId}/stream", accountId)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .accept(MediaType.TEXT_EVENT_STREAM)
        .exchange()
        .expectStatus()
        .isOk()
        .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
        .getResponseBody();
  }
}
