package dev.economy.command.linking;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.economy.testsupport.TestDatabase;
import java.time.Duration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/** The machine's real Redis, in the test database (ECONOMY_TEST_REDIS_DB), for component tests. */
public final class LinkingRedis implements AutoCloseable {

  private final LettuceConnectionFactory factory;
  final ReactiveStringRedisTemplate template;

  public LinkingRedis() {
    this(6379);
  }

  /**
   * Through another port, e.g. a TcpProxy that can cut the connection; commands time out after 250
   * ms.
   */
  public LinkingRedis(int port) {
    RedisStandaloneConfiguration configuration =
        new RedisStandaloneConfiguration("127.0.0.1", port);
    configuration.setDatabase(TestDatabase.redisDatabase());
    factory =
        new LettuceConnectionFactory(
            configuration,
            LettuceClientConfiguration.builder().commandTimeout(Duration.ofMillis(250)).build());
    factory.afterPropertiesSet();
    template = new ReactiveStringRedisTemplate(factory);
  }

  public OneTimeSecrets secrets() {
    return new OneTimeSecrets(template, new ObjectMapper());
  }

  @Override
  public void close() {
    factory.destroy();
  }

  /** Discord's flow on these settings (for the web package's tests, which cannot construct it). */
  public static DiscordOAuth discord(LinkingSettings settings, WebClient.Builder http) {
    return new DiscordOAuth(settings, http);
  }

  /** Steam's flow on these settings and secrets. */
  public static SteamOpenId steam(
      LinkingSettings settings, OneTimeSecrets secrets, WebClient.Builder http) {
    return new SteamOpenId(settings, secrets, http);
  }
}
