package dev.economy.command.players;

import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The attempt limit of POST /api/v1/auth/service-token: a client address whose requests were
 * refused (unknown client id or wrong secret) too often in the window
 * (economy.auth.service-token-refusals-per-address-max per economy.auth.address-window) gets 429
 * until the window ends, even with a right secret. Only refusals count: game servers behind one
 * address renew their tokens as often as they need.
 *
 * <p>Unlike the login limits this fails open: without Redis the game servers must still get their
 * tokens (the economy keeps working without Redis), and the secrets are long enough that the limit
 * is a brake, not the protection. Each such lapse is logged.
 */
@Component
public class ServiceTokenAttempts {

  private static final Logger log = LoggerFactory.getLogger(ServiceTokenAttempts.class);

  private final AuthLimiter limiter;

  ServiceTokenAttempts(AuthLimiter limiter) {
    this.limiter = limiter;
  }

  /** How long the address must still wait; empty when it may try. */
  public Mono<Optional<Duration>> waitFor(String address) {
    return limiter
        .serviceTokenRefusals(address)
        .map(
            count ->
                count.over()
                    ? Optional.of(atLeastOneSecond(count.windowLeft()))
                    : Optional.<Duration>empty())
        .onErrorResume(
            failure -> {
              log.warn(
                  "the service-token limit in Redis could not be read; the request is let through: {}",
                  failure.toString());
              return Mono.just(Optional.empty());
            });
  }

  /** Counts a refusal of the address; answers how many it has had in the window (0: unknown). */
  public Mono<Long> recordRefusal(String address) {
    return limiter
        .countServiceTokenRefusal(address)
        .map(AuthLimiter.Count::count)
        .onErrorResume(
            failure -> {
              log.warn(
                  "a refused service-token request could not be counted in Redis: {}",
                  failure.toString());
              return Mono.just(0L);
            });
  }

  private static Duration atLeastOneSecond(Duration left) {
    return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
  }
}
