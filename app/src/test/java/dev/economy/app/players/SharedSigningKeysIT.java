package dev.economy.app.players;

import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.economy.app.IntegrationTest;
import dev.economy.app.TestTokens;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Several instances share the keys table: a key that another instance has just rotated in (a row
 * this instance has not loaded) verifies here at once, because an unknown kid makes the verifier
 * read the table again; a kid that is in no table stays refused.
 */
class SharedSigningKeysIT extends IntegrationTest {

  @Autowired JdbcTemplate jdbc;
  @Autowired WebTestClient http;

  @Test
  void aKeyRotatedInByAnotherInstanceVerifiesWithoutWaitingForTheNextCheck() throws Exception {
    // What another instance's rotation writes: a new key, the previous ones verifying for a while.
    ECKey otherInstancesKey =
        new ECKeyGenerator(Curve.P_256)
            .keyUse(KeyUse.SIGNATURE)
            .algorithm(JWSAlgorithm.ES256)
            .keyIDFromThumbprint(true)
            .generate();
    jdbc.update(
        "update identity_signing_key set verify_until = ? where verify_until is null",
        Timestamp.from(Instant.now().plus(Duration.ofMinutes(20))));
    jdbc.update(
        "insert into identity_signing_key (kid, algorithm, private_jwk, public_jwk, created_at)"
            + " values (?, 'ES256', ?, ?, ?)",
        otherInstancesKey.getKeyID(),
        otherInstancesKey.toJSONString(),
        otherInstancesKey.toPublicJWK().toJSONString(),
        Timestamp.from(Instant.now()));
    String token =
        ForgedTokens.sign(
            otherInstancesKey,
            ForgedTokens.goodHeader(otherInstancesKey).build(),
            ForgedTokens.goodClaims(TestTokens.AUDITOR, "auditor").build());

    // Re-reading is limited to once every 5 s (an earlier test may just have used it up).
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                http.get()
                    .uri("/api/v1/money-supply")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .exchange()
                    .expectStatus()
                    .isOk());
    // And the JWKS of this instance now lists it.
    http.get()
        .uri("/.well-known/jwks.json")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.keys[?(@.kid == '" + otherInstancesKey.getKeyID() + "')]")
        .exists();
  }
}
