package dev.economy.app.players;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import dev.economy.app.IntegrationTest;
import dev.economy.app.TestTokens;
import dev.economy.command.players.AccessTokens;
import dev.economy.web.token.SigningKeys;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Key rotation: a new key signs, the old one keeps verifying and stays in the JWKS until the last
 * token it can have signed has expired, and then drops out of both. Time is not waited for: the
 * test moves the keys' instants in the table, as the passing of time would, and runs the same check
 * each instance runs on schedule ({@link SigningKeys#refresh}).
 */
class KeyRotationIT extends IntegrationTest {

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired AccessTokens accessTokens;
  @Autowired SigningKeys signingKeys;
  @Autowired WebTestClient http;

  @Test
  void theOldKeyVerifiesUntilItsLastTokenHasExpiredThenDropsOut() throws Exception {
    String before = new TestTokens(port, accessTokens).service(TestTokens.AUDITOR);
    String oldKid = kid(before);

    signingKeys.rotate();

    String after = new TestTokens(port, accessTokens).service(TestTokens.AUDITOR);
    String newKid = kid(after);
    assertThat(newKid).isNotEqualTo(oldKid);
    assertThat(jwksKids()).contains(oldKid, newKid);
    status(before, 200);
    status(after, 200);

    // The old key verifies at least until the last token it signed expires (plus skew).
    Instant verifyUntil =
        jdbc.queryForObject(
                "select verify_until from identity_signing_key where kid = ?",
                Timestamp.class,
                oldKid)
            .toInstant();
    Instant lastExpiry = SignedJWT.parse(before).getJWTClaimsSet().getExpirationTime().toInstant();
    assertThat(verifyUntil).isAfterOrEqualTo(lastExpiry.plus(Duration.ofSeconds(30)));
    assertThat(
            jdbc.queryForObject(
                "select verify_until from identity_signing_key where kid = ?",
                Timestamp.class,
                newKid))
        .as("the new key signs: no end yet")
        .isNull();

    // Time passes beyond verify_until.
    jdbc.update(
        "update identity_signing_key set verify_until = ? where kid = ?",
        Timestamp.from(Instant.now().minusSeconds(1)),
        oldKid);
    signingKeys.refresh();

    assertThat(jwksKids()).contains(newKid).doesNotContain(oldKid);
    assertThat(
            jdbc.queryForObject(
                "select count(*) from identity_signing_key where kid = ?", Long.class, oldKid))
        .as("the retired key is deleted")
        .isZero();
    status(before, 401);
    status(after, 200);
  }

  @Test
  void theScheduledCheckRotatesOnceTheKeyIsOlderThanTheRotationInterval() throws Exception {
    String current = kid(new TestTokens(port, accessTokens).service(TestTokens.AUDITOR));
    signingKeys.refresh();
    assertThat(kid(new TestTokens(port, accessTokens).service(TestTokens.AUDITOR)))
        .as("not due yet: the same key signs")
        .isEqualTo(current);

    // Every key, the signing one included, is now older than the rotation interval (7 days).
    jdbc.update("update identity_signing_key set created_at = created_at - interval '8 days'");
    signingKeys.refresh();

    String next = kid(new TestTokens(port, accessTokens).service(TestTokens.AUDITOR));
    assertThat(next).isNotEqualTo(current);
    assertThat(jwksKids()).contains(current, next);
  }

  @Test
  void theJwksIsPublicAndHoldsNoPrivateKeyMaterial() {
    JsonNode jwks =
        http.get()
            .uri("/.well-known/jwks.json")
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .contentType("application/jwk-set+json")
            .expectBody(JsonNode.class)
            .returnResult()
            .getResponseBody();
    assertThat(jwks.path("keys").size()).isPositive();
    for (JsonNode key : jwks.path("keys")) {
      assertThat(key.path("kty").asText()).isEqualTo("EC");
      assertThat(key.path("crv").asText()).isEqualTo("P-256");
      assertThat(key.path("alg").asText()).isEqualTo("ES256");
      assertThat(key.path("use").asText()).isEqualTo("sig");
      assertThat(key.path("kid").asText()).isNotBlank();
      assertThat(key.has("d")).as("private part of %s", key).isFalse();
    }
  }

  private void status(String token, int status) {
    http.get()
        .uri("/api/v1/money-supply")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .exchange()
        .expectStatus()
        .isEqualTo(status);
  }

  private List<String> jwksKids() {
    JsonNode jwks =
        http.get()
            .uri("/.well-known/jwks.json")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(JsonNode.class)
            .returnResult()
            .getResponseBody();
    List<String> kids = new ArrayList<>();
    jwks.path("keys").forEach(key -> kids.add(key.path("kid").asText()));
    return kids;
  }

  private static String kid(String token) throws Exception {
    return SignedJWT.parse(token).getHeader().getKeyID();
  }
}
