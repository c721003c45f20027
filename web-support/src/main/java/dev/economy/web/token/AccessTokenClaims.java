package dev.economy.web.token;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;

/**
 * The shape of an access token, typed once for the side that issues them (command-side's
 * AccessTokens) and the verifier every role runs ({@link AccessTokenVerifier}).
 */
public final class AccessTokenClaims {

  /** The type of every access token (RFC 9068, section 2.1). */
  public static final JOSEObjectType ACCESS_TOKEN_TYPE = new JOSEObjectType("at+jwt");

  /** The one signing algorithm; the verifier allows no other. */
  public static final JWSAlgorithm ALGORITHM = JWSAlgorithm.ES256;

  /** Claim: the caller's roles ({@link Roles}). */
  public static final String ROLES_CLAIM = "roles";

  /** Claim: the player a player's token speaks for. */
  public static final String PLAYER_ID_CLAIM = "player_id";

  /**
   * Claim: the login (refresh token family) a player's token belongs to; logout or a reused refresh
   * token ends it, and with it the access tokens that carry it ({@link Sessions}).
   */
  public static final String SESSION_ID_CLAIM = "sid";

  /** Claim (RFC 9068): the client the token was issued to. */
  public static final String CLIENT_ID_CLAIM = "client_id";

  /** The subject (and actor) of a player's token is this prefix and the player id. */
  public static final String PLAYER_SUBJECT_PREFIX = "player:";

  private AccessTokenClaims() {}
}
