package dev.economy.app.players;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.economy.app.IntegrationTest;
import dev.economy.app.TestTokens;
import dev.economy.command.players.AccessTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Every attack on access tokens RFC 8725 warns of, over HTTP against the running server: each
 * forged token differs from an accepted one in one point only, and each must be refused with 401
 * unauthenticated and a Bearer challenge, never a stack trace. The first test shows that the
 * forging itself is sound (a forged token without a flaw is accepted), so that the refusals are
 * refusals of the flaw.
 */
class TokenAttacksIT extends IntegrationTest {

  /** Needs an auditor (or admin) once access rules apply; any valid token today. */
  private static final String PROTECTED = "/api/v1/money-supply";

  private static final String AUDITOR = TestTokens.AUDITOR;

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired AccessTokens accessTokens;
  @Autowired WebTestClient http;

  private ForgedTokens forged;

  @BeforeEach
  void setUp() {
    forged = new ForgedTokens(jdbc);
  }

  @Test
  void aTokenForgedWithoutAFlawIsAcceptedAsAreIssuedOnes() {
    accepted(forged.sign(h -> h, c -> c, AUDITOR, "auditor"));
    accepted(new TestTokens(port, accessTokens).service(AUDITOR));
  }

  @Test
  void algNoneIsRefused() {
    PlainJWT unsigned = new PlainJWT(ForgedTokens.goodClaims(AUDITOR, "auditor").build());
    refused(unsigned.serialize());
    // The same, with the header spelling out alg "none" and our typ and kid.
    ECKey key = forged.currentKey();
    String header =
        Base64URL.encode("{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"" + key.getKeyID() + "\"}")
            .toString();
    String payload =
        ForgedTokens.goodClaims(AUDITOR, "auditor").build().toPayload().toBase64URL().toString();
    refused(header + "." + payload + ".");
  }

  @Test
  void hs256SignedWithThePublicKeyAsTheHmacSecretIsRefused() throws Exception {
    ECKey key = forged.currentKey();
    // The classic confusion: the verifier's own public key, which anyone can fetch from the JWKS,
    // used as an HMAC secret. Tried in the two shapes a careless verifier might use as the secret.
    for (byte[] secret :
        List.of(
            key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8),
            key.toECPublicKey().getEncoded())) {
      byte[] longEnough = secret.length >= 32 ? secret : java.util.Arrays.copyOf(secret, 32);
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.HS256)
                  .type(new JOSEObjectType("at+jwt"))
                  .keyID(key.getKeyID())
                  .build(),
              ForgedTokens.goodClaims(AUDITOR, "auditor").build());
      jwt.sign(new MACSigner(longEnough));
      refused(jwt.serialize());
    }
  }

  @Test
  void anExpiredTokenIsRefused() {
    // Expired two minutes ago: beyond the 30 s clock skew.
    Instant past = Instant.now().minus(Duration.ofMinutes(12));
    refused(
        forged.sign(
            h -> h,
            c ->
                c.issueTime(Date.from(past))
                    .notBeforeTime(Date.from(past))
                    .expirationTime(Date.from(past.plus(Duration.ofMinutes(10)))),
            AUDITOR,
            "auditor"));
  }

  @Test
  void aRememberedTokenIsRefusedFromTheMomentItExpires() throws InterruptedException {
    // Accepted tokens are remembered (AccessTokenVerifier); remembering must not lengthen a life.
    // Expires within the 30 s clock skew's last 3 seconds: accepted now, refused a few seconds on.
    Instant now = Instant.now();
    Instant expiry = now.minus(Duration.ofSeconds(27));
    String token =
        forged.sign(
            h -> h,
            c ->
                c.issueTime(Date.from(now.minus(Duration.ofMinutes(5))))
                    .notBeforeTime(Date.from(now.minus(Duration.ofMinutes(5))))
                    .expirationTime(Date.from(expiry)),
            AUDITOR,
            "auditor");
    accepted(token);
    accepted(token);
    Thread.sleep(
        Math.max(
            0, Duration.between(Instant.now(), expiry.plus(Duration.ofSeconds(31))).toMillis()));
    refused(token);
  }

  @Test
  void aTamperedCopyOfARememberedTokenIsRefused() {
    String token = forged.sign(h -> h, c -> c, AUDITOR, "auditor");
    accepted(token);
    String[] parts = token.split("\\.");
    String adminPayload =
        ForgedTokens.goodClaims(AUDITOR, "admin").build().toPayload().toBase64URL().toString();
    refused(parts[0] + "." + adminPayload + "." + parts[2]);
    accepted(token);
  }

  @Test
  void aTokenNotYetValidIsRefused() {
    refused(
        forged.sign(
            h -> h,
            c -> c.notBeforeTime(Date.from(Instant.now().plus(Duration.ofMinutes(5)))),
            AUDITOR,
            "auditor"));
  }

  @Test
  void aTokenWithoutExpiryIsRefused() {
    refused(forged.sign(h -> h, c -> c.expirationTime(null), AUDITOR, "auditor"));
  }

  @Test
  void aWrongIssuerIsRefused() {
    refused(forged.sign(h -> h, c -> c.issuer("https://evil.example"), AUDITOR, "auditor"));
    refused(forged.sign(h -> h, c -> c.issuer(null), AUDITOR, "auditor"));
  }

  @Test
  void aWrongAudienceIsRefused() {
    refused(forged.sign(h -> h, c -> c.audience("another-api"), AUDITOR, "auditor"));
    refused(forged.sign(h -> h, c -> c.audience((String) null), AUDITOR, "auditor"));
  }

  @Test
  void aWrongOrMissingTypIsRefused() {
    // An ID token or any other JWT of ours must not pass as an access token.
    refused(forged.sign(h -> h.type(JOSEObjectType.JWT), c -> c, AUDITOR, "auditor"));
    refused(forged.sign(h -> h.type(null), c -> c, AUDITOR, "auditor"));
  }

  @Test
  void aTamperedPayloadIsRefused() {
    String good = forged.sign(h -> h, c -> c, AUDITOR, "auditor");
    String[] parts = good.split("\\.");
    String promoted =
        ForgedTokens.goodClaims(AUDITOR, "admin").build().toPayload().toBase64URL().toString();
    refused(parts[0] + "." + promoted + "." + parts[2]);
  }

  @Test
  void anUnknownKidIsRefusedAndSoIsAKeyOfOurCurveThatIsNotOurs() throws Exception {
    ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("not-one-of-ours").generate();
    refused(
        ForgedTokens.sign(
            stranger,
            ForgedTokens.goodHeader(stranger).build(),
            ForgedTokens.goodClaims(AUDITOR, "auditor").build()));
    // A stranger's key presenting our kid: the signature does not verify with our key.
    ECKey ours = forged.currentKey();
    refused(
        ForgedTokens.sign(
            stranger,
            ForgedTokens.goodHeader(ours).build(),
            ForgedTokens.goodClaims(AUDITOR, "auditor").build()));
  }

  @Test
  void unknownRolesAndAPlayerIdThatDoesNotMatchTheSubjectAreRefused() {
    refused(forged.sign(h -> h, c -> c, AUDITOR, "superuser"));
    refused(forged.sign(h -> h, c -> c.claim("player_id", "alice"), "player:mallory", "player"));
    refused(forged.sign(h -> h, c -> c.claim("player_id", "alice"), AUDITOR, "auditor"));
  }

  @Test
  void aPlayersTokenWithoutALiveSessionIsRefused() throws Exception {
    String player = "sessionless-" + Long.toString(System.nanoTime(), 36);
    String session =
        SignedJWT.parse(accessTokens.issueForPlayer(player).accessToken())
            .getJWTClaimsSet()
            .getStringClaim("sid");
    String path = "/api/v1/players/" + player + "/accounts";
    // With its session it passes the seam (the player has no accounts yet: 404, not 401).
    http.get()
        .uri(path)
        .header(
            HttpHeaders.AUTHORIZATION,
            "Bearer "
                + forged.sign(
                    h -> h,
                    c -> c.claim("player_id", player).claim("sid", session),
                    "player:" + player,
                    "player"))
        .exchange()
        .expectStatus()
        .isNotFound();
    refused(
        path, forged.sign(h -> h, c -> c.claim("player_id", player), "player:" + player, "player"));
    refused(
        path,
        forged.sign(
            h -> h,
            c -> c.claim("player_id", player).claim("sid", java.util.UUID.randomUUID().toString()),
            "player:" + player,
            "player"));
  }

  private void accepted(String token) {
    http.get()
        .uri(PROTECTED)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .exchange()
        .expectStatus()
        .isOk();
  }

  private void refused(String token) {
    refused(PROTECTED, token);
  }

  private void refused(String path, String token) {
    EntityExchangeResult<JsonNode> result =
        http.get()
            .uri(path)
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
            .exchange()
            .expectStatus()
            .isUnauthorized()
            .expectHeader()
            .contentType("application/problem+json")
            .expectBody(JsonNode.class)
            .returnResult();
    JsonNode problem = result.getResponseBody();
    assertThat(problem.path("code").asText()).as("%s", problem).isEqualTo("unauthenticated");
    assertThat(problem.toString()).doesNotContain("Exception", "dev.economy", "\tat ");
    assertThat(result.getResponseHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))
        .startsWith("Bearer ")
        .contains("error=\"invalid_token\"");
  }
}
