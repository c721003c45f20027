package dev.economy.app.web;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.economy.command.identity.AccessTokens;
import dev.economy.command.identity.SigningKeys;
import dev.economy.command.identity.TokenSettings;
import dev.economy.messages.bank.LedgerRules;
import dev.economy.messages.identity.Caller;
import dev.economy.messages.identity.Roles;
import java.text.ParseException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Verifies an access token as RFC 8725 asks: only ES256 (so neither "none" nor an HMAC keyed with
 * the public key can pass), typ at+jwt, a key of ours by its kid, iss and aud exactly ours, exp
 * required, nbf honoured, within the clock skew. Then it checks what the token says before
 * believing it: a known role, a well-formed subject, and a player id that matches the subject.
 */
@Component
class AccessTokenVerifier {

  /** A token longer than this is refused unread: ours are well under 1 KB. */
  static final int TOKEN_LENGTH_MAX = 4096;

  /** Why a token was refused, in words fit for the client (never the parser's internals). */
  static final class RefusedToken extends Exception {
    RefusedToken(String reason) {
      super(reason, null, false, false);
    }
  }

  private final SigningKeys keys;
  private final DefaultJWTProcessor<SecurityContext> processor;

  AccessTokenVerifier(SigningKeys keys, TokenSettings settings) {
    this.keys = keys;
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(AccessTokens.ACCESS_TOKEN_TYPE,
        new JOSEObjectType("application/at+jwt")));
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(AccessTokens.ALGORITHM, keys.verificationKeys()));
    // Mutable sets: nimbus asks them contains(null), which Set.of answers with an exception.
    DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
        new HashSet<>(List.of(settings.audience())),
        new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
        new HashSet<>(List.of("iss", "aud", "sub", "exp", "iat", "jti", AccessTokens.ROLES_CLAIM)),
        new HashSet<>());
    claims.setMaxClockSkew((int) settings.clockSkew().toSeconds());
    processor.setJWTClaimsSetVerifier(claims);
    this.processor = processor;
  }

  /**
   * True when verifying this token needs no database read: its kid is one of the keys loaded.
   * Otherwise {@link #verify} may read the keys table (another instance may have rotated), which
   * must not happen on an event-loop thread.
   */
  boolean verifiesWithoutLookup(String token) {
    try {
      return keys.knows(SignedJWT.parse(token).getHeader().getKeyID());
    } catch (ParseException | RuntimeException notASignedJwt) {
      // verify() refuses it without a lookup.
      return true;
    }
  }

  /** The caller a token names, when the token expires, and the login it belongs to (players only). */
  record Verified(Caller caller, Instant expiresAt, String sessionId) {}

  Verified verify(String token) throws RefusedToken {
    if (token.length() > TOKEN_LENGTH_MAX) {
      throw new RefusedToken("the access token is longer than " + TOKEN_LENGTH_MAX + " characters");
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
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
      sessionId = claims.getStringClaim(AccessTokens.SESSION_ID_CLAIM);
    } catch (ParseException e) {
      throw new RefusedToken("the access token's sid claim is malformed");
    }
    // A player's token always belongs to a login, so that logging out can end it.
    if (caller.playerId() != null && sessionId == null) {
      throw new RefusedToken("the access token of a player has no session (sid)");
    }
    return new Verified(caller, claims.getExpirationTime().toInstant(), sessionId);
  }

  private static Caller callerOf(JWTClaimsSet claims) throws RefusedToken {
    String subject = claims.getSubject();
    if (!LedgerRules.ACTOR.matcher(subject).matches()) {
      throw new RefusedToken("the access token's subject is malformed");
    }
    List<String> roleList;
    String playerId;
    try {
      roleList = claims.getStringListClaim(AccessTokens.ROLES_CLAIM);
      playerId = claims.getStringClaim(AccessTokens.PLAYER_ID_CLAIM);
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
    if (player && (roles.size() != 1 || !subject.equals(AccessTokens.PLAYER_SUBJECT_PREFIX + playerId))) {
      throw new RefusedToken("the access token's player_id does not match its subject");
    }
    return new Caller(subject, roles, playerId);
  }
}
