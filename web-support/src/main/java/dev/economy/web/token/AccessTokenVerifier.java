package dev.economy.web.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.economy.messages.ledger.LedgerRules;
import java.security.Key;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Verifies an access token as RFC 8725 asks: only ES256 (so neither "none" nor an HMAC keyed with
 * the public key can pass), typ at+jwt, a key of ours by its kid, iss and aud exactly ours, exp
 * required, nbf honoured, within the clock skew. Then it checks what the token says before
 * believing it: a known role, a well-formed subject, and a player id that matches the subject.
 *
 * <p>A token it accepted is remembered, by its exact text, until it expires: a game server sends
 * the same token with every request, and checking an ES256 signature costs more CPU than the rest
 * of a transfer's request handling (a fifth of the backend's CPU under the benchmark's load). Any
 * other text, a tampered token included, misses and is checked in full; a remembered token is
 * refused from the moment it expires (plus the clock skew), and when its key no longer verifies.
 */
@Component
public class AccessTokenVerifier {

  /** A token longer than this is refused unread: ours are well under 1 KB. */
  public static final int TOKEN_LENGTH_MAX = 4096;

  /** Why a token was refused, in words fit for the client (never the parser's internals). */
  public static final class RefusedToken extends Exception {
    RefusedToken(String reason) {
      super(reason, null, false, false);
    }
  }

  /** Accepted tokens remembered at most: a few MB, far more than the callers of one instance. */
  public static final int REMEMBERED_TOKENS_MAX = 10_000;

  private final SigningKeys keys;
  private final DefaultJWTProcessor<SecurityContext> processor;
  private final Duration clockSkew;
  private final Cache<String, Accepted> accepted;
  private final AtomicLong signatureChecks = new AtomicLong();

  /**
   * A token accepted earlier: what it says, and what must still hold for it to be accepted again.
   */
  private record Accepted(Verified verified, String keyId, Instant acceptedUntil) {}

  AccessTokenVerifier(SigningKeys keys, TokenSettings settings) {
    this.keys = keys;
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSTypeVerifier(
        new DefaultJOSEObjectTypeVerifier<>(
            AccessTokenClaims.ACCESS_TOKEN_TYPE, new JOSEObjectType("application/at+jwt")));
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(AccessTokenClaims.ALGORITHM, keys.verificationKeys()));
    // Mutable sets: nimbus asks them contains(null), which Set.of answers with an exception.
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            new HashSet<>(List.of(settings.audience())),
            new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
            new HashSet<>(
                List.of("iss", "aud", "sub", "exp", "iat", "jti", AccessTokenClaims.ROLES_CLAIM)),
            new HashSet<>());
    claims.setMaxClockSkew((int) settings.clockSkew().toSeconds());
    processor.setJWTClaimsSetVerifier(claims);
    processor.setJWSVerifierFactory(
        new DefaultJWSVerifierFactory() {
          @Override
          public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
            signatureChecks.incrementAndGet();
            return super.createJWSVerifier(header, key);
          }
        });
    this.processor = processor;
    this.clockSkew = settings.clockSkew();
    this.accepted =
        Caffeine.newBuilder()
            .maximumSize(REMEMBERED_TOKENS_MAX)
            .expireAfter(
                Expiry.<String, Accepted>creating(
                    (token, entry) ->
                        positive(Duration.between(Instant.now(), entry.acceptedUntil()))))
            .build();
  }

  private static Duration positive(Duration duration) {
    return duration.isNegative() ? Duration.ZERO : duration;
  }

  /** How many signatures were checked so far (tokens remembered as accepted need none). */
  public long signatureChecks() {
    return signatureChecks.get();
  }

  /**
   * True when verifying this token needs no database read: its kid is one of the keys loaded.
   * Otherwise {@link #verify} may read the keys table (another instance may have rotated), which
   * must not happen on an event-loop thread.
   */
  public boolean verifiesWithoutLookup(String token) {
    try {
      return keys.knows(SignedJWT.parse(token).getHeader().getKeyID());
    } catch (ParseException | RuntimeException notASignedJwt) {
      // verify() refuses it without a lookup.
      return true;
    }
  }

  /**
   * The caller a token names, when the token expires, and the login it belongs to (players only).
   */
  public record Verified(Caller caller, Instant expiresAt, String sessionId) {}

  public Verified verify(String token) throws RefusedToken {
    if (token.length() > TOKEN_LENGTH_MAX) {
      throw new RefusedToken("the access token is longer than " + TOKEN_LENGTH_MAX + " characters");
    }
    Verified remembered = remembered(token);
    if (remembered != null) {
      return remembered;
    }
    JWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = JWTParser.parse(token);
      claims = processor.process(jwt, null);
    } catch (ParseException e) {
      throw new RefusedToken("the access token is not a JWT");
    } catch (BadJOSEException e) {
      throw new RefusedToken("the access token is not acceptable: " + e.getMessage());
    } catch (JOSEException e) {
      throw new RefusedToken("the access token's signature could not be checked");
    }
    Caller caller = callerOf(claims);
    String sessionId;
    try {
      sessionId = claims.getStringClaim(AccessTokenClaims.SESSION_ID_CLAIM);
    } catch (ParseException e) {
      throw new RefusedToken("the access token's sid claim is malformed");
    }
    // A player's token always belongs to a login, so that logging out can end it.
    if (caller.playerId() != null && sessionId == null) {
      throw new RefusedToken("the access token of a player has no session (sid)");
    }
    Verified verified = new Verified(caller, claims.getExpirationTime().toInstant(), sessionId);
    // Only a signed token passes the processor (ES256 only).
    String keyId = ((SignedJWT) jwt).getHeader().getKeyID();
    accepted.put(token, new Accepted(verified, keyId, verified.expiresAt().plus(clockSkew)));
    return verified;
  }

  /**
   * A token accepted earlier that still would be: not expired, and its key still verifies; null
   * when it must be verified in full ({@link #verify}).
   */
  public Verified remembered(String token) {
    Accepted entry = accepted.getIfPresent(token);
    if (entry == null) {
      return null;
    }
    if (!Instant.now().isBefore(entry.acceptedUntil()) || !keys.knows(entry.keyId())) {
      accepted.invalidate(token);
      return null;
    }
    return entry.verified();
  }

  private static Caller callerOf(JWTClaimsSet claims) throws RefusedToken {
    String subject = claims.getSubject();
    if (!LedgerRules.ACTOR.matcher(subject).matches()) {
      throw new RefusedToken("the access token's subject is malformed");
    }
    List<String> roleList;
    String playerId;
    try {
      roleList = claims.getStringListClaim(AccessTokenClaims.ROLES_CLAIM);
      playerId = claims.getStringClaim(AccessTokenClaims.PLAYER_ID_CLAIM);
    } catch (ParseException e) {
      throw new RefusedToken("the access token's roles or player_id claim is malformed");
    }
    Set<String> roles = new HashSet<>(roleList == null ? List.of() : roleList);
    if (roles.isEmpty() || !Roles.ALL.containsAll(roles)) {
      throw new RefusedToken("the access token's roles are missing or unknown");
    }
    boolean player = roles.contains(Roles.PLAYER);
    // A player's token speaks for exactly one player, and only a player's token names one.
    if (player != (playerId != null)) {
      throw new RefusedToken("the access token's player_id does not match its roles");
    }
    if (player
        && (roles.size() != 1
            || !subject.equals(AccessTokenClaims.PLAYER_SUBJECT_PREFIX + playerId))) {
      throw new RefusedToken("the access token's player_id does not match its subject");
    }
    return new Caller(subject, roles, playerId);
  }
}
