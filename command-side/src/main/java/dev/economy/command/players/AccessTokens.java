package dev.economy.command.players;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.economy.messages.ledger.LedgerRules;
import dev.economy.web.token.AccessTokenClaims;
import dev.economy.web.token.Roles;
import dev.economy.web.token.SigningKeys;
import dev.economy.web.token.TokenSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Issues the tokens of this backend: access tokens are ES256 JWTs (RFC 9068: header typ at+jwt;
 * claims iss, aud, sub, exp, iat, nbf, jti, client_id, roles, and player_id and sid for a player),
 * signed by the current key of {@link SigningKeys}; a player also gets a refresh token ({@link
 * RefreshTokens}).
 *
 * <p>The login of the players context and the game login of the linking context call {@link
 * #issueForPlayer}. It blocks (it writes the refresh token to Redis): call it off the event loop,
 * e.g. {@code Mono.fromCallable(() ->
 * tokens.issueForPlayer(id)).subscribeOn(Schedulers.boundedElastic())}.
 */
@Component
public class AccessTokens {

  /** client_id of tokens issued to players (website login, game login). */
  static final String PLAYER_CLIENT_ID = "economy-players";

  static final String TOKEN_TYPE = "Bearer";

  private final SigningKeys keys;
  private final RefreshTokens refreshTokens;
  private final TokenSettings settings;
  private final Clock clock = Clock.systemUTC();

  AccessTokens(SigningKeys keys, RefreshTokens refreshTokens, TokenSettings settings) {
    this.keys = keys;
    this.refreshTokens = refreshTokens;
    this.settings = settings;
  }

  /**
   * A new login of the player: an access token for the player and the first refresh token of a new
   * family. Blocking (Redis).
   *
   * @param playerId the player's id (the ledger's owner id pattern, {@link LedgerRules#OWNER_ID})
   * @throws IllegalArgumentException if playerId is not a valid player id
   * @throws org.springframework.dao.DataAccessException if Redis cannot store the refresh token
   */
  public TokenPair issueForPlayer(String playerId) {
    requirePlayerId(playerId);
    RefreshTokens.Started login = refreshTokens.start(playerId);
    return pairFor(playerId, login.token(), login.family());
  }

  /** The pair after a refresh: the family (the session) goes on with its new token. */
  public TokenPair pairFor(String playerId, String refreshToken, String sessionId) {
    Duration ttl = settings.accessTokenTtl();
    String accessToken =
        sign(
            AccessTokenClaims.PLAYER_SUBJECT_PREFIX + playerId,
            PLAYER_CLIENT_ID,
            List.of(Roles.PLAYER),
            playerId,
            sessionId,
            ttl);
    return new TokenPair(accessToken, refreshToken, ttl.toSeconds(), TOKEN_TYPE);
  }

  public ServiceToken issueForService(ServiceClients.ServiceClient client) {
    Duration ttl = settings.serviceTokenTtl();
    String accessToken =
        sign(client.clientId(), client.clientId(), List.of(client.role()), null, null, ttl);
    return new ServiceToken(accessToken, ttl.toSeconds(), TOKEN_TYPE);
  }

  private String sign(
      String subject,
      String clientId,
      List<String> roles,
      String playerId,
      String sessionId,
      Duration ttl) {
    ECKey key = keys.signingKey();
    Instant now = clock.instant();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(settings.issuer())
            .audience(settings.audience())
            .subject(subject)
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(now.plus(ttl)))
            .jwtID(UUID.randomUUID().toString())
            .claim(AccessTokenClaims.CLIENT_ID_CLAIM, clientId)
            .claim(AccessTokenClaims.ROLES_CLAIM, roles);
    if (playerId != null) {
      claims.claim(AccessTokenClaims.PLAYER_ID_CLAIM, playerId);
    }
    if (sessionId != null) {
      claims.claim(AccessTokenClaims.SESSION_ID_CLAIM, sessionId);
    }
    JWSHeader header =
        new JWSHeader.Builder(AccessTokenClaims.ALGORITHM)
            .type(AccessTokenClaims.ACCESS_TOKEN_TYPE)
            .keyID(key.getKeyID())
            .build();
    SignedJWT jwt = new SignedJWT(header, claims.build());
    try {
      jwt.sign(new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("signing an access token failed", e);
    }
    return jwt.serialize();
  }

  private static void requirePlayerId(String playerId) {
    if (playerId == null || !LedgerRules.OWNER_ID.matcher(playerId).matches()) {
      throw new IllegalArgumentException(
          "a player id is 1 to 64 characters of A-Z a-z 0-9 . _ : -");
    }
  }
}
