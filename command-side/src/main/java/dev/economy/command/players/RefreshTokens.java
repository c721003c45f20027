package dev.economy.command.players;

import dev.economy.web.token.SessionLayout;
import dev.economy.web.token.TokenSettings;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Opaque refresh tokens in Redis, stored only as their SHA-256 (a leaked Redis dump holds no usable
 * token). Each login starts a family; every refresh rotates the token (the old one is marked used,
 * a new one is handed out) within an idle lifetime and the family's absolute lifetime. Presenting a
 * token that was already rotated means two parties hold the family (one of them stole it): the
 * whole family is revoked (OAuth 2.0 Security BCP, refresh token rotation). Logout revokes the
 * family too. Each step is one Lua script, so two refreshes racing cannot both win.
 *
 * <p>Layout: {@code economy:auth:refresh:{sha256}} = hash {family, player, state (active|used)};
 * {@code economy:auth:family:{id}} = hash {player, absoluteMillis (epoch ms), revoked (0|1)}. The
 * family id is also the session id ({@code sid}) of the player's access tokens, which {@link
 * Sessions} checks, so that logout and reuse end the access tokens of the family too.
 */
@Component
public class RefreshTokens {

  private static final String PREFIX = SessionLayout.PREFIX;

  /** 32 random bytes in base64url without padding. */
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

  private static final int TOKEN_BYTES = 32;

  private static final RedisScript<Long> START =
      RedisScript.of(
          """
      redis.call('HSET', KEYS[1], 'player', ARGV[1], 'absoluteMillis', ARGV[2], 'revoked', '0')
      redis.call('PEXPIRE', KEYS[1], ARGV[3])
      redis.call('HSET', KEYS[2], 'family', ARGV[4], 'player', ARGV[1], 'state', 'active')
      redis.call('PEXPIRE', KEYS[2], ARGV[5])
      return 1
      """,
          Long.class);

  /** ARGV: new token key, now (ms), idle ttl (ms), family key prefix. Answers {outcome, player}. */
  @SuppressWarnings("rawtypes")
  private static final RedisScript<List> ROTATE =
      RedisScript.of(
          """
      local token = redis.call('HMGET', KEYS[1], 'family', 'player', 'state')
      if not token[1] then return {'invalid'} end
      local familyKey = ARGV[4] .. token[1]
      local family = redis.call('HMGET', familyKey, 'absoluteMillis', 'revoked')
      if not family[1] or family[2] == '1' then return {'invalid'} end
      if token[3] ~= 'active' then
        redis.call('HSET', familyKey, 'revoked', '1')
        return {'reused', token[2]}
      end
      local remaining = tonumber(family[1]) - tonumber(ARGV[2])
      if remaining <= 0 then return {'invalid'} end
      -- kept, marked used, for as long as the family lives: its reuse must still be recognised
      redis.call('HSET', KEYS[1], 'state', 'used')
      redis.call('PEXPIRE', KEYS[1], remaining)
      redis.call('HSET', ARGV[1], 'family', token[1], 'player', token[2], 'state', 'active')
      redis.call('PEXPIRE', ARGV[1], math.min(tonumber(ARGV[3]), remaining))
      return {'rotated', token[2], token[1]}
      """,
          List.class);

  /** ARGV: family key prefix. Revokes the family of the token, whatever its state. */
  private static final RedisScript<Long> REVOKE =
      RedisScript.of(
          """
      local family = redis.call('HGET', KEYS[1], 'family')
      if not family then return 0 end
      local familyKey = ARGV[1] .. family
      if redis.call('EXISTS', familyKey) == 0 then return 0 end
      redis.call('HSET', familyKey, 'revoked', '1')
      return 1
      """,
          Long.class);

  /** What a refresh came to. */
  public sealed interface Rotation {
    record Rotated(String playerId, String newToken, String family) implements Rotation {}

    /**
     * Unknown, expired, revoked, or (reused) a token that was rotated before: its family is now
     * revoked.
     */
    record Refused(boolean reuseDetected) implements Rotation {}
  }

  private final StringRedisTemplate redis;
  private final TokenSettings settings;
  private final SecureRandom random = new SecureRandom();
  private final Clock clock = Clock.systemUTC();

  RefreshTokens(StringRedisTemplate redis, TokenSettings settings) {
    this.redis = redis;
    this.settings = settings;
  }

  /** A new family (one login) and its first token. */
  record Started(String token, String family) {}

  /** Starts a family for the player and answers its first token. Blocking (Redis). */
  Started start(String playerId) {
    String token = newToken();
    String family = UUID.randomUUID().toString();
    long absoluteTtlMillis = settings.refreshTokenAbsoluteTtl().toMillis();
    long absoluteMillis = clock.millis() + absoluteTtlMillis;
    redis.execute(
        START,
        List.of(SessionLayout.FAMILY_PREFIX + family, tokenKey(token)),
        playerId,
        Long.toString(absoluteMillis),
        Long.toString(absoluteTtlMillis),
        family,
        Long.toString(settings.refreshTokenIdleTtl().toMillis()));
    return new Started(token, family);
  }

  /**
   * Rotates a token: the given one is used up, the answer holds its successor. Blocking (Redis).
   */
  public Rotation rotate(String token) {
    if (token == null || !TOKEN.matcher(token).matches()) {
      return new Rotation.Refused(false);
    }
    String next = newToken();
    List<?> answer =
        redis.execute(
            ROTATE,
            List.of(tokenKey(token)),
            tokenKey(next),
            Long.toString(clock.millis()),
            Long.toString(settings.refreshTokenIdleTtl().toMillis()),
            SessionLayout.FAMILY_PREFIX);
    String outcome = answer == null || answer.isEmpty() ? "invalid" : String.valueOf(answer.get(0));
    return switch (outcome) {
      case "rotated" ->
          new Rotation.Rotated(String.valueOf(answer.get(1)), next, String.valueOf(answer.get(2)));
      case "reused" -> new Rotation.Refused(true);
      default -> new Rotation.Refused(false);
    };
  }

  /** Revokes the token's family (logout). False when the token is unknown. Blocking (Redis). */
  public boolean revokeFamily(String token) {
    if (token == null || !TOKEN.matcher(token).matches()) {
      return false;
    }
    Long revoked = redis.execute(REVOKE, List.of(tokenKey(token)), SessionLayout.FAMILY_PREFIX);
    return revoked != null && revoked == 1L;
  }

  private String newToken() {
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String tokenKey(String token) {
    return PREFIX + "refresh:" + HexFormat.of().formatHex(ServiceClients.sha256(token));
  }
}
