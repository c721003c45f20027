package dev.economy.command.players;

import java.time.Duration;
import java.util.List;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The rate limits and lockouts of registration and login, in Redis so that every instance counts
 * together. Two small Lua scripts (atomic INCR with its expiry; failures that set a lockout flag
 * with a TTL) instead of a library: the rule is "N failures in a window lock the account for a
 * while", which is a counter and a flag, not a token bucket, and bucket4j's Redis integration would
 * bring its own client and still not model the lockout. Fixed windows: a burst at a window's edge
 * can reach twice the limit once, which bounds a guesser all the same.
 *
 * <p>Every call fails when Redis does not answer, and the callers answer 503: without its counters
 * a login would be open to unlimited guessing, so it fails closed.
 */
@Component
class AuthLimiter {

  private static final String PREFIX = "economy:login-limits:";

  /** What a count came to: over the limit or not, and when the window ends. */
  record Count(long count, Duration windowLeft, boolean over) {}

  private final ReactiveStringRedisTemplate redis;
  private final AuthSettings settings;
  private final RedisScript<List<Long>> countAttempt;
  private final RedisScript<List<Long>> recordFailure;

  @SuppressWarnings({"unchecked", "rawtypes"})
  AuthLimiter(ReactiveStringRedisTemplate redis, AuthSettings settings) {
    this.redis = redis;
    this.settings = settings;
    this.countAttempt =
        (RedisScript)
            RedisScript.of(
                new ClassPathResource("dev/economy/command/players/auth-count-attempt.lua"),
                List.class);
    this.recordFailure =
        (RedisScript)
            RedisScript.of(
                new ClassPathResource("dev/economy/command/players/auth-record-failure.lua"),
                List.class);
  }

  Mono<Count> countLogin(String address) {
    return count("login:address:" + address, settings.loginAttemptsPerAddressMax);
  }

  Mono<Count> countRegistration(String address) {
    return count("register:address:" + address, settings.registrationsPerAddressMax);
  }

  /**
   * The service-token requests refused for this address in the current window (read, not counted):
   * over the limit, the address gets no token, not even for a right secret, until the window ends.
   */
  Mono<Count> serviceTokenRefusals(String address) {
    String key = PREFIX + "service-token:address:" + address;
    return redis
        .opsForValue()
        .get(key)
        .map(Long::parseLong)
        .defaultIfEmpty(0L)
        .zipWith(
            redis
                .getExpire(key)
                .map(left -> left.isNegative() ? Duration.ZERO : left)
                .defaultIfEmpty(Duration.ZERO))
        .map(
            read ->
                new Count(
                    read.getT1(),
                    read.getT2(),
                    read.getT1() >= settings.serviceTokenRefusalsPerAddressMax));
  }

  /** Counts a refused service-token request (unknown client id or wrong secret) of the address. */
  Mono<Count> countServiceTokenRefusal(String address) {
    return count(
        "service-token:address:" + address, settings.serviceTokenRefusalsPerAddressMax - 1);
  }

  /** How long the account is still locked out; zero when it is not. */
  Mono<Duration> lockoutLeft(String accountKey) {
    return redis
        .getExpire(PREFIX + "lockout:" + accountKey)
        .map(left -> left.isNegative() ? Duration.ZERO : left)
        .defaultIfEmpty(Duration.ZERO);
  }

  /** Records a wrong password; answers the lockout it caused, zero when it caused none. */
  Mono<Duration> recordFailure(String accountKey) {
    List<String> keys =
        List.of(PREFIX + "failures:" + accountKey, PREFIX + "lockout:" + accountKey);
    return redis
        .execute(
            recordFailure,
            keys,
            List.of(
                Long.toString(settings.loginFailureWindow.toMillis()),
                Integer.toString(settings.loginFailuresMax),
                Long.toString(settings.lockoutDuration.toMillis())))
        .next()
        .map(answer -> Duration.ofMillis(answer.get(1)));
  }

  /** A correct password: the run of failures is over. */
  Mono<Void> recordSuccess(String accountKey) {
    return redis.delete(PREFIX + "failures:" + accountKey).then();
  }

  Duration lockoutDuration() {
    return settings.lockoutDuration;
  }

  int loginFailuresMax() {
    return settings.loginFailuresMax;
  }

  private Mono<Count> count(String key, int max) {
    return redis
        .execute(
            countAttempt,
            List.of(PREFIX + key),
            List.of(Long.toString(settings.addressWindow.toMillis())))
        .next()
        .map(
            answer ->
                new Count(answer.get(0), Duration.ofMillis(answer.get(1)), answer.get(0) > max));
  }
}
