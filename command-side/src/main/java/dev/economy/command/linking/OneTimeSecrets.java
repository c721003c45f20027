package dev.economy.command.linking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The short-lived secrets of the linking flows, in Redis: one-time link codes, the state of a
 * Discord or Steam flow, and the Steam nonces already seen.
 *
 * <p>Why Redis and not a table: each of them lives minutes, must expire without a sweeper and must
 * be consumed atomically (GETDEL, SET NX, a Lua script: one round trip, no lost update between two
 * instances). Losing them (a Redis restart) only makes a player start a flow again; the links
 * themselves are events in the event store. With Redis down the flows answer 503, they never skip a
 * check.
 */
@Component
public class OneTimeSecrets {

  static final String PREFIX = "economy:linking:";

  /** Typable by hand: no 0/O, 1/I/L; 31^8 ≈ 8.5e11 codes. */
  public static final String CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

  public static final int CODE_LENGTH = 8;
  private static final int DRAWS_MAX = 5;

  private static final RedisScript<Long> ISSUE =
      RedisScript.of(
          new ClassPathResource("dev/economy/command/linking/issue-one-live.lua"), Long.class);

  @SuppressWarnings("rawtypes")
  private static final RedisScript<List> REDEEM =
      RedisScript.of(
          new ClassPathResource("dev/economy/command/linking/redeem-code.lua"), List.class);

  private final SecureRandom random = new SecureRandom();
  private final ReactiveStringRedisTemplate redis;
  private final ObjectMapper json;

  OneTimeSecrets(ReactiveStringRedisTemplate redis, ObjectMapper json) {
    this.redis = redis;
    this.json = json;
  }

  /** A value stored under a secret; {@code owner} says whose secret it is (one live per owner). */
  public record Grant(String owner, String playerId, String provider, String subject) {}

  /** What redeeming a code came to. */
  public sealed interface Redemption {
    record Redeemed(Grant grant) implements Redemption {}

    record Wrong(long attempts) implements Redemption {}

    record Locked(Duration retryAfter) implements Redemption {}
  }

  /**
   * Issues a new code of this kind ({@code player} or {@code game}); the owner's previous one dies.
   */
  public Mono<String> issueCode(String kind, Grant grant, Duration ttl) {
    return issue("code:" + kind + ":", this::newCode, grant, ttl);
  }

  /** Issues a new flow state for this provider; the owner's previous state of it dies. */
  public Mono<String> issueState(String provider, Grant grant, Duration ttl) {
    return issue("state:" + provider + ":", this::newState, grant, ttl);
  }

  /**
   * Redeems a code once: the first redeemer gets its grant, every later one (and every wrong code)
   * counts as a wrong attempt of {@code redeemer}; after {@code attemptsMax} of them within {@code
   * window} the redeemer is locked out until the window ends.
   */
  public Mono<Redemption> redeemCode(
      String kind, String code, String redeemer, int attemptsMax, Duration window) {
    List<String> keys =
        List.of(
            PREFIX + "code:" + kind + ":" + code,
            PREFIX + "code-attempts:" + kind + ":" + redeemer);
    return redis
        .execute(
            REDEEM, keys, List.of(Integer.toString(attemptsMax), Long.toString(window.toMillis())))
        .next()
        .map(
            result -> {
              String outcome = String.valueOf(result.get(0));
              String value = String.valueOf(result.get(1));
              return switch (outcome) {
                case "ok" -> new Redemption.Redeemed(read(value));
                case "locked" ->
                    new Redemption.Locked(Duration.ofMillis(Math.max(1000, Long.parseLong(value))));
                default -> new Redemption.Wrong(Long.parseLong(value));
              };
            });
  }

  /** Takes a flow state once (GETDEL): a second take of the same state finds nothing. */
  public Mono<Optional<Grant>> consumeState(String provider, String state) {
    return redis
        .opsForValue()
        .getAndDelete(PREFIX + "state:" + provider + ":" + state)
        .map(value -> Optional.of(read(value)))
        .defaultIfEmpty(Optional.empty());
  }

  /**
   * Records a Steam response_nonce until {@code keep} has passed: true the first time, false for a
   * replay (SET NX, so two racing requests cannot both see it first).
   */
  Mono<Boolean> firstSightOfNonce(String endpoint, String nonce, Duration keep) {
    return redis
        .opsForValue()
        .setIfAbsent(PREFIX + "steam-nonce:" + endpoint + "#" + nonce, "1", keep);
  }

  private Mono<String> issue(
      String namespace, java.util.function.Supplier<String> draw, Grant grant, Duration ttl) {
    String value = write(grant);
    String pointer = PREFIX + "owner:" + namespace + grant.owner();
    return Mono.defer(
            () -> {
              String secret = draw.get();
              return redis
                  .execute(
                      ISSUE,
                      List.of(PREFIX + namespace + secret, pointer),
                      List.of(value, Long.toString(ttl.toMillis()), grant.owner()))
                  .next()
                  .filter(stored -> stored == 1L)
                  .map(stored -> secret);
            })
        // A collision with a live secret (about one in 10^11 for codes) draws again.
        .repeatWhenEmpty(DRAWS_MAX - 1, repeats -> repeats)
        .switchIfEmpty(
            Mono.error(new IllegalStateException("no free secret after " + DRAWS_MAX + " draws")));
  }

  String newCode() {
    StringBuilder code = new StringBuilder(CODE_LENGTH);
    for (int i = 0; i < CODE_LENGTH; i++) {
      code.append(CODE_ALPHABET.charAt(random.nextInt(CODE_ALPHABET.length())));
    }
    return code.toString();
  }

  /** 256 random bits: a state must not be guessable (RFC 6749 §10.12). */
  String newState() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private String write(Grant grant) {
    try {
      return json.writeValueAsString(grant);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private Grant read(String value) {
    try {
      return json.readValue(value, Grant.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable linking secret", e);
    }
  }
}
