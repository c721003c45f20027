package dev.economy.web.token;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Whether a player's login (a refresh token family, the {@code sid} of its access tokens) still
 * stands: logout and the reuse of a rotated refresh token revoke the family, and from then on its
 * access tokens are refused too, not only its refresh tokens. One Redis read per request of a
 * player; service tokens have no session.
 *
 * <p>While Redis does not answer (waiting at most {@value #TIMEOUT_MILLIS} ms), a token is accepted
 * on its signature and expiry alone, as it would be without this check: an outage must not log
 * every player out, and the token's few minutes still bound it. The log says so, at most once a
 * minute.
 */
@Component
public class Sessions {

  private static final Logger log = LoggerFactory.getLogger(Sessions.class);
  private static final long TIMEOUT_MILLIS = 250;
  private static final Duration WARNING_INTERVAL_MIN = Duration.ofMinutes(1);

  /** Family ids are UUIDs; anything else is no session of ours. */
  private static final Pattern SESSION_ID = Pattern.compile("[0-9a-f-]{36}");

  private final ReactiveStringRedisTemplate redis;
  private final AtomicReference<Instant> lastWarning = new AtomicReference<>(Instant.EPOCH);

  Sessions(ReactiveStringRedisTemplate redis) {
    this.redis = redis;
  }

  /** True while the session stands; false once it was logged out, revoked or has ended. */
  public Mono<Boolean> isActive(String sessionId) {
    if (sessionId == null || !SESSION_ID.matcher(sessionId).matches()) {
      return Mono.just(false);
    }
    return redis
        .<String, String>opsForHash()
        .get(SessionLayout.familyKey(sessionId), SessionLayout.REVOKED_FIELD)
        .map(revoked -> !"1".equals(revoked))
        // No family any more: its absolute lifetime is over.
        .defaultIfEmpty(false)
        .timeout(Duration.ofMillis(TIMEOUT_MILLIS))
        .onErrorResume(
            e -> {
              warnOnce(e);
              return Mono.just(true);
            });
  }

  private void warnOnce(Throwable e) {
    Instant now = Instant.now();
    Instant last = lastWarning.get();
    if (now.isAfter(last.plus(WARNING_INTERVAL_MIN)) && lastWarning.compareAndSet(last, now)) {
      log.warn(
          "Redis does not answer: players' access tokens are accepted without the logout check"
              + " until it does ({})",
          e.toString());
    }
  }
}
