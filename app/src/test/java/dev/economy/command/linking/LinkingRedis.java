package dev.economy.command.linking;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** The machine's real Redis, in the test database (ECONOMY_TEST_REDIS_DB), for component tests. */
final class LinkingRedis implements AutoCloseable {

  private final LettuceConnectionFactory factory;
  final ReactiveStringRedisTemplate template;

  LinkingRedis() {
    String database = System.getenv().getOrDefault("ECONOMY_TEST_REDIS_DB", "15");
    RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration("127.0.0.1", 6379);
    configuration.setDatabase(Integer.parseInt(database.isBlank() ? "15" : database));
    factory = new LettuceConnectionFactory(configuration);
    factory.afterPropertiesSet();
    template = new ReactiveStringRedisTemplate(factory);
  }

  OneTimeSecrets secrets() {
    return new OneTimeSecrets(template, new ObjectMapper());
  }

  @Override
  public void close() {
    factory.destroy();
  }
}
