package dev.economy.projections.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import dev.economy.messages.ledger.AccountCacheLayout;
import dev.economy.testsupport.TcpProxy;
import dev.economy.testsupport.TestDatabase;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The projections' side of the cache contract when Redis goes away: marking never fails a batch,
 * and the markers an outage kept from Redis are written as soon as it answers again, so no reader
 * is served a row older than PostgreSQL's once the cache is back. Real Redis, taken away through a
 * TCP proxy (other clients of the same Redis keep their own connections).
 */
class AccountCacheMarkersIT {

  private static final int REDIS_PORT = 6379;

  private TcpProxy proxy;
  private LettuceConnectionFactory throughProxy;
  private StringRedisTemplate direct;
  private LettuceConnectionFactory directConnection;
  private AccountCacheMarkers markers;
  private String run;

  @BeforeEach
  void setUp() {
    proxy = new TcpProxy("127.0.0.1", REDIS_PORT).start();
    int database = TestDatabase.redisDatabase();
    throughProxy = connect(proxy.port(), database);
    directConnection = connect(REDIS_PORT, database);
    direct = new StringRedisTemplate(directConnection);
    markers =
        new AccountCacheMarkers(
            new StringRedisTemplate(throughProxy), Duration.ofMinutes(1), Duration.ofMillis(100));
    run = "markers-" + Long.toString(System.nanoTime(), 36);
  }

  @AfterEach
  void tearDown() {
    throughProxy.destroy();
    directConnection.destroy();
    proxy.close();
  }

  @Test
  void markersMissedDuringAnOutageAreWrittenWhenRedisAnswersAgain() {
    String a = "player:" + run + "-a:wallet";
    String b = "player:" + run + "-b:wallet";
    markers.markPending(Map.of(a, 1L));
    assertThat(entry(a)).isEqualTo(Map.of("version", "1", "data", ""));

    proxy.cut();
    assertThatCode(() -> markers.markPending(Map.of(a, 2L, b, 5L))).doesNotThrowAnyException();
    assertThatCode(() -> markers.markPending(Map.of(a, 3L))).doesNotThrowAnyException();
    assertThat(entry(a)).containsEntry("version", "1");
    assertThat(entry(b)).isEmpty();

    proxy.start();
    String c = "player:" + run + "-c:wallet";
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              markers.markPending(Map.of(c, 1L));
              assertThat(entry(c)).containsEntry("version", "1");
            });
    assertThat(entry(a)).isEqualTo(Map.of("version", "3", "data", ""));
    assertThat(entry(b)).isEqualTo(Map.of("version", "5", "data", ""));
  }

  private Map<Object, Object> entry(String accountId) {
    return direct.opsForHash().entries(AccountCacheLayout.key(accountId));
  }

  private static LettuceConnectionFactory connect(int port, int database) {
    RedisStandaloneConfiguration server = new RedisStandaloneConfiguration("127.0.0.1", port);
    server.setDatabase(database);
    LettuceConnectionFactory factory =
        new LettuceConnectionFactory(
            server,
            LettuceClientConfiguration.builder().commandTimeout(Duration.ofMillis(250)).build());
    factory.afterPropertiesSet();
    factory.start();
    return factory;
  }
}
