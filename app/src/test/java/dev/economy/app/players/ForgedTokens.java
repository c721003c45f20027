package dev.economy.app.players;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Tokens made by hand, for the attack tests: signed with the server's own current key (read from
 * the keys table, as an insider with the database would) so that each one differs from a good token
 * in exactly the one point under test.
 */
final class ForgedTokens {

  static final String ISSUER = "economy";
  static final String AUDIENCE = "economy-api";

  private final JdbcTemplate jdbc;

  ForgedTokens(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** The key that signs now: the newest row. */
  ECKey currentKey() {
    String jwk =
        jdbc.queryForObject(
            "select private_jwk from identity_signing_key order by created_at desc limit 1",
            String.class);
    try {
      return ECKey.parse(jwk);
    } catch (ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The claims of a good auditor token, valid from a second ago for ten minutes. */
  static JWTClaimsSet.Builder goodClaims(String subject, String role) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .subject(subject)
        .issueTime(Date.from(now.minusSeconds(1)))
        .notBeforeTime(Date.from(now.minusSeconds(1)))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))))
        .jwtID(UUID.randomUUID().toString())
        .claim("client_id", subject)
        .claim("roles", List.of(role));
  }

  static JWSHeader.Builder goodHeader(ECKey key) {
    return new JWSHeader.Builder(JWSAlgorithm.ES256)
        .type(new JOSEObjectType("at+jwt"))
        .keyID(key.getKeyID());
  }

  String sign(
      UnaryOperator<JWSHeader.Builder> header,
      UnaryOperator<JWTClaimsSet.Builder> claims,
      String subject,
      String role) {
    ECKey key = currentKey();
    return sign(
        key,
        header.apply(goodHeader(key)).build(),
        claims.apply(goodClaims(subject, role)).build());
  }

  static String sign(ECKey key, JWSHeader header, JWTClaimsSet claims) {
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }
}
