package dev.economy.app.players;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.economy.app.IntegrationTest;
import dev.economy.command.players.AccessTokens;
import dev.economy.command.players.TokenPair;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Refresh tokens over HTTP, with Redis as it really stores them: rotation on every use, reuse of a
 * rotated token revokes the whole family, logout revokes, the absolute lifetime ends a family, and
 * Redis holds only hashes.
 */
class RefreshTokensIT extends IntegrationTest {

  @Autowired AccessTokens accessTokens;
  @Autowired StringRedisTemplate redis;
  @Autowired WebTestClient http;

  @Test
  void aPlayersTokensCarryTheClaimsOfRfc9068() throws Exception {
    String player = unique("claims");
    TokenPair pair = accessTokens.issueForPlayer(player);

    assertThat(pair.tokenType()).isEqualTo("Bearer");
    assertThat(pair.expiresIn()).isEqualTo(600);
    SignedJWT jwt = SignedJWT.parse(pair.accessToken());
    assertThat(jwt.getHeader().getType().getType()).isEqualTo("at+jwt");
    assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
    assertThat(jwt.getHeader().getKeyID()).isNotBlank();
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo("economy");
    assertThat(claims.getAudience()).containsExactly("economy-api");
    assertThat(claims.getSubject()).isEqualTo("player:" + player);
    assertThat(claims.getStringClaim("player_id")).isEqualTo(player);
    assertThat(claims.getStringListClaim("roles")).containsExactly("player");
    assertThat(claims.getJWTID()).isNotBlank();
    assertThat(claims.getNotBeforeTime()).isEqualTo(claims.getIssueTime());
    assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime())
        .isEqualTo(600_000);
    assertThat(claims.getStringClaim("client_id")).isNotBlank();
    assertThat(claims.getStringClaim("sid")).as("the login's session").isNotBlank();
    assertThat(accessTokens.issueForPlayer(player).accessToken())
        .as("a fresh jti each time")
        .isNotEqualTo(pair.accessToken());
  }

  @Test
  void aRefreshRotatesTheTokenAndAnswersAWorkingPair() throws Exception {
    String player = unique("rotate");
    TokenPair first = accessTokens.issueForPlayer(player);

    JsonNode second = refresh(first.refreshToken(), 200);

    assertThat(second.path("refreshToken").asText()).isNotEqualTo(first.refreshToken());
    assertThat(second.path("tokenType").asText()).isEqualTo("Bearer");
    assertThat(second.path("expiresIn").asLong()).isEqualTo(600);
    assertThat(
            SignedJWT.parse(second.path("accessToken").asText())
                .getJWTClaimsSet()
                .getStringClaim("player_id"))
        .isEqualTo(player);
    http.get()
        .uri("/api/v1/players/{p}/accounts", player)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + second.path("accessToken").asText())
        .exchange()
        .expectStatus()
        .value(status -> assertThat(status).isNotEqualTo(401));
    // ... and the successor refreshes in turn.
    refresh(second.path("refreshToken").asText(), 200);
  }

  @Test
  void reusingARotatedTokenRevokesTheWholeFamily() {
    TokenPair first = accessTokens.issueForPlayer(unique("stolen"));
    JsonNode second = refresh(first.refreshToken(), 200);

    // The first token again: someone else holds a copy of it.
    expectInvalid(first.refreshToken());
    // Now the legitimate successor is dead too: the family is revoked, and so are its access
    // tokens.
    expectInvalid(second.path("refreshToken").asText());
    expectAccessRefused(first.accessToken());
    expectAccessRefused(second.path("accessToken").asText());
  }

  @Test
  void afterLogoutTheRefreshTokenNoLongerWorksNorDoesAnyOtherOfItsFamily() throws Exception {
    String leaver = unique("leaver");
    TokenPair first = accessTokens.issueForPlayer(leaver);
    JsonNode second = refresh(first.refreshToken(), 200);
    String current = second.path("refreshToken").asText();
    String access = second.path("accessToken").asText();
    expectAccessAccepted(access);

    post("/api/v1/auth/logout", Map.of("refreshToken", current)).expectStatus().isNoContent();

    expectInvalid(current);
    expectInvalid(first.refreshToken());
    // The access tokens of that login end with it, before their expiry.
    expectAccessRefused(access);
    expectAccessRefused(first.accessToken());
    // Another login of the same player is another family and unaffected.
    TokenPair other = accessTokens.issueForPlayer(leaver);
    refresh(other.refreshToken(), 200);
    expectAccessAccepted(other.accessToken());
  }

  @Test
  void aFamilyPastItsAbsoluteLifetimeIsRefusedAndTokensLiveAtMostTheIdleLifetime()
      throws Exception {
    TokenPair pair = accessTokens.issueForPlayer(unique("old"));
    String tokenKey = "economy:auth:refresh:" + sha256(pair.refreshToken());
    Long idleTtl = redis.getExpire(tokenKey);
    assertThat(idleTtl)
        .as("the idle lifetime (14 days) bounds a token")
        .isBetween(14L * 86400 - 60, 14L * 86400);
    String family = (String) redis.opsForHash().get(tokenKey, "family");
    assertThat(redis.getExpire("economy:auth:family:" + family))
        .isBetween(30L * 86400 - 60, 30L * 86400);

    // The login is older than the absolute lifetime.
    redis
        .opsForHash()
        .put(
            "economy:auth:family:" + family,
            "absoluteMillis",
            Long.toString(System.currentTimeMillis() - 1));
    expectInvalid(pair.refreshToken());
  }

  @Test
  void redisHoldsOnlyTheHashOfARefreshToken() throws Exception {
    TokenPair pair = accessTokens.issueForPlayer(unique("hashed"));
    Set<String> keys = redis.keys("economy:auth:*");
    assertThat(keys).noneMatch(key -> key.contains(pair.refreshToken()));
    assertThat(keys).contains("economy:auth:refresh:" + sha256(pair.refreshToken()));
  }

  @Test
  void garbageAndMissingRefreshTokensAreRefusedWithoutAStackTrace() {
    expectInvalid("not-a-token");
    expectInvalid("A".repeat(43));
    post("/api/v1/auth/refresh", Map.of()).expectStatus().isUnauthorized();
    post("/api/v1/auth/logout", Map.of()).expectStatus().isBadRequest();
    post("/api/v1/auth/refresh", Map.of("refreshToken", "x", "extra", 1))
        .expectStatus()
        .isBadRequest();
  }

  private JsonNode refresh(String refreshToken, int status) {
    return post("/api/v1/auth/refresh", Map.of("refreshToken", refreshToken))
        .expectStatus()
        .isEqualTo(status)
        .expectHeader()
        .cacheControl(org.springframework.http.CacheControl.noStore())
        .expectBody(JsonNode.class)
        .returnResult()
        .getResponseBody();
  }

  private void expectInvalid(String refreshToken) {
    EntityExchangeResult<JsonNode> result =
        post("/api/v1/auth/refresh", Map.of("refreshToken", refreshToken))
            .expectStatus()
            .isUnauthorized()
            .expectHeader()
            .contentType("application/problem+json")
            .expectBody(JsonNode.class)
            .returnResult();
    assertThat(result.getResponseBody().path("code").asText()).isEqualTo("invalid_refresh_token");
    assertThat(result.getResponseHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))
        .startsWith("Bearer");
  }

  /** The seam lets it through: the player has no accounts, so the read answers 404, not 401. */
  private void expectAccessAccepted(String accessToken) throws Exception {
    String player = SignedJWT.parse(accessToken).getJWTClaimsSet().getStringClaim("player_id");
    http.get()
        .uri("/api/v1/players/{p}/accounts", player)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken)
        .exchange()
        .expectStatus()
        .isNotFound();
  }

  private void expectAccessRefused(String accessToken) {
    try {
      String player = SignedJWT.parse(accessToken).getJWTClaimsSet().getStringClaim("player_id");
      EntityExchangeResult<JsonNode> result =
          http.get()
              .uri("/api/v1/players/{p}/accounts", player)
              .header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken)
              .exchange()
              .expectStatus()
              .isUnauthorized()
              .expectBody(JsonNode.class)
              .returnResult();
      assertThat(result.getResponseBody().path("code").asText()).isEqualTo("unauthenticated");
    } catch (java.text.ParseException e) {
      throw new AssertionError(e);
    }
  }

  private WebTestClient.ResponseSpec post(String path, Object body) {
    return http.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
  }

  private static String unique(String name) {
    return name + "-" + Long.toString(System.nanoTime(), 36);
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
