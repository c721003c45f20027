package dev.economy.command.players;

import static org.assertj.core.api.Assertions.assertThat;

import dev.economy.web.ProblemCodes;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Login and registration fail closed: with no Redis to count in, they answer 503 unavailable (with
 * Retry-After) before any password is looked at. "Redis down" is a real Lettuce client pointed at a
 * port where nothing listens.
 */
class AuthLimiterRedisDownTest {

  private LettuceConnectionFactory connections;

  @AfterEach
  void tearDown() {
    if (connections != null) {
      connections.destroy();
    }
  }

  @Test
  void aLoginWithoutRedisIsRefusedAsUnavailable() throws Exception {
    PlayerAuthentication authentication = withLimiter(limiterOn(freePort()));

    Throwable failure =
        catchFailure(
            () ->
                authentication
                    .logIn("alice", "a password of some length", "198.51.100.1")
                    .block(Duration.ofSeconds(30)));

    assertUnavailable(failure);
  }

  @Test
  void aRegistrationWithoutRedisIsRefusedAsUnavailable() throws Exception {
    PlayerAuthentication authentication = withLimiter(limiterOn(freePort()));

    Throwable failure =
        catchFailure(
            () ->
                authentication
                    .register(
                        "alice", "alice@example.com", "a password of some length", "198.51.100.1")
                    .block(Duration.ofSeconds(30)));

    assertUnavailable(failure);
  }

  private static void assertUnavailable(Throwable failure) {
    assertThat(failure).isInstanceOf(AuthRefusal.class);
    AuthRefusal refusal = (AuthRefusal) failure;
    assertThat(refusal.code()).isEqualTo(ProblemCodes.UNAVAILABLE);
    assertThat(refusal.httpStatus()).isEqualTo(503);
    assertThat(refusal.retryAfterSeconds()).isPositive();
    assertThat(refusal.getMessage()).doesNotContain("a password of some length");
  }

  /**
   * Only the limiter is real here: the refusal comes before the directory, the hasher, the command
   * bus or the token issuer could be used, so none is given (a call to one would fail the test).
   */
  private static PlayerAuthentication withLimiter(AuthLimiter limiter) {
    return new PlayerAuthentication(null, null, null, limiter, null, Duration.ofSeconds(10));
  }

  private AuthLimiter limiterOn(int port) {
    LettuceClientConfiguration client =
        LettuceClientConfiguration.builder().commandTimeout(Duration.ofMillis(250)).build();
    connections =
        new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port), client);
    connections.afterPropertiesSet();
    connections.start();
    AuthSettings settings =
        new AuthSettings(
            5, Duration.ofMinutes(15), Duration.ofMinutes(15), 50, 10, Duration.ofMinutes(10), 20);
    return new AuthLimiter(new ReactiveStringRedisTemplate(connections), settings);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static Throwable catchFailure(Runnable call) {
    try {
      call.run();
      return null;
    } catch (RuntimeException e) {
      return reactor.core.Exceptions.unwrap(e);
    }
  }
}
