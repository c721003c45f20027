package dev.economy.projections.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.economy.messages.ledger.AccountCacheLayout;
import dev.economy.messages.ledger.LedgerChangesChannel;
import dev.economy.messages.ledger.LedgerRules;
import dev.economy.testsupport.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.Driver;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * How a projection batch's changed accounts reach the ledger_changes channel: one notification per
 * batch (a JSON array, in the order the accounts first changed, each at its latest version),
 * several only when they would not fit under PostgreSQL's 8000-byte payload limit, and nothing
 * unless the batch's transaction commits. Drives the publisher as the processors do: an Axon unit
 * of work inside a Spring transaction of the real PostgreSQL, a real LISTEN connection receiving.
 * The publisher is wired as the projections role wires it (a JDBC transaction manager and a
 * JdbcTemplate on one data source, the cache markers on the real Redis), without the application.
 */
class LedgerChangePublisherIT {

  /** PostgreSQL's: a longer payload fails the transaction. */
  private static final int POSTGRESQL_PAYLOAD_BYTES_MAX = 7999;

  private static LettuceConnectionFactory redisConnection;
  private static LedgerChangePublisher publisher;
  private static PlatformTransactionManager transactions;
  private static JdbcTemplate jdbc;
  private static StringRedisTemplate redis;
  private static final ObjectMapper json = new ObjectMapper();

  private Connection listener;
  private String run;

  @BeforeAll
  static void wire() {
    TestDatabase.prepare();
    SimpleDriverDataSource database =
        new SimpleDriverDataSource(
            new Driver(), TestDatabase.jdbcUrl(), TestDatabase.user(), TestDatabase.password());
    transactions = new JdbcTransactionManager(database);
    jdbc = new JdbcTemplate(database);
    RedisStandaloneConfiguration server = new RedisStandaloneConfiguration("127.0.0.1", 6379);
    server.setDatabase(TestDatabase.redisDatabase());
    redisConnection = new LettuceConnectionFactory(server);
    redisConnection.afterPropertiesSet();
    redisConnection.start();
    redis = new StringRedisTemplate(redisConnection);
    // economy.cache.ttl and economy.cache.retry-interval at their defaults.
    publisher =
        new LedgerChangePublisher(
            jdbc, new AccountCacheMarkers(redis, Duration.ofMinutes(5), Duration.ofSeconds(5)));
  }

  @AfterAll
  static void unwire() {
    redisConnection.destroy();
  }

  @BeforeEach
  void listen() throws Exception {
    run = "pub" + Long.toString(System.nanoTime(), 36);
    listener = TestDatabase.connect();
    try (Statement statement = listener.createStatement()) {
      statement.execute("LISTEN " + LedgerChangesChannel.CHANNEL);
    }
  }

  @AfterEach
  void stopListening() throws Exception {
    listener.close();
  }

  @Test
  void aBatchSendsOneNotificationListingEveryAccountItChanged() throws Exception {
    String a = account("a");
    String b = account("b");
    String c = account("c");

    batch(
        true,
        changes -> {
          changes.accountChanged(a, 4);
          changes.accountChanged(b, 7);
          changes.accountChanged(a, 5);
          changes.accountChanged(c, 1);
        });

    List<String> ours = notificationsOfThisRun();
    assertThat(ours).as("one notification for the whole batch").hasSize(1);
    assertThat(accounts(ours.get(0)))
        .containsExactly(Map.entry(a, 5L), Map.entry(b, 7L), Map.entry(c, 1L));
    // And a pending marker for every account.
    for (Map.Entry<String, Long> account : Map.of(a, 5L, b, 7L, c, 1L).entrySet()) {
      assertThat(redis.opsForHash().get(AccountCacheLayout.key(account.getKey()), "version"))
          .isEqualTo(Long.toString(account.getValue()));
    }
  }

  @Test
  void aBatchTooLargeForOneNotificationIsSplitUnderPostgresqlsLimit() throws Exception {
    // The longest ids and versions there can be, so that the entries are as long as they get.
    Map<String, Long> changed = new LinkedHashMap<>();
    for (int i = 0; i < 200; i++) {
      String name = (run + "-" + i + "-").concat("x".repeat(88)).substring(0, 88);
      String id = "player:" + name;
      assertThat(LedgerRules.ACCOUNT_ID.matcher(id).matches()).as(id).isTrue();
      changed.put(id, Long.MAX_VALUE - i);
    }

    batch(true, changes -> changed.forEach(changes::accountChanged));

    List<String> ours = notificationsOfThisRun();
    assertThat(ours).as("more than one notification's worth").hasSizeGreaterThan(1);
    Map<String, Long> notified = new LinkedHashMap<>();
    for (int i = 0; i < ours.size(); i++) {
      String payload = ours.get(i);
      assertThat(payload.getBytes(StandardCharsets.UTF_8).length)
          .isLessThanOrEqualTo(LedgerChangesChannel.PAYLOAD_LENGTH_MAX)
          .isLessThanOrEqualTo(POSTGRESQL_PAYLOAD_BYTES_MAX);
      if (i < ours.size() - 1) {
        // Split only when full: another entry (at most about 140 bytes) would not have fitted.
        assertThat(payload.length())
            .as("notification %d is full", i)
            .isGreaterThan(LedgerChangesChannel.PAYLOAD_LENGTH_MAX - 200);
      }
      accounts(payload).forEach(account -> notified.put(account.getKey(), account.getValue()));
    }
    assertThat(notified.entrySet()).containsExactlyElementsOf(changed.entrySet());
  }

  @Test
  void aBatchThatRollsBackNotifiesNothing() throws Exception {
    String a = account("a");

    batch(false, changes -> changes.accountChanged(a, 3));

    assertThat(notificationsOfThisRun()).isEmpty();
  }

  @Test
  void payloadsAreJsonArraysWhateverAnIdHolds() throws Exception {
    Map<String, Long> changed = new LinkedHashMap<>();
    changed.put("player:" + run + "-\"quoted\\é\n", 1L);

    List<String> payloads = LedgerChangesChannel.payloads(changed);

    assertThat(payloads).hasSize(1);
    assertThat(payloads.get(0)).as("ASCII: characters are bytes").matches("\\p{ASCII}*");
    assertThat(accounts(payloads.get(0)))
        .containsExactly(Map.entry("player:" + run + "-\"quoted\\é\n", 1L));
  }

  private String account(String suffix) {
    return "player:" + run + "-" + suffix + ":wallet";
  }

  /**
   * One projection batch: an Axon unit of work inside a Spring transaction, committed or rolled
   * back.
   */
  private void batch(boolean commit, Consumer<LedgerChangePublisher> changes) {
    TransactionStatus transaction = transactions.getTransaction(new DefaultTransactionDefinition());
    try {
      DefaultUnitOfWork<?> batch =
          DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
      try {
        changes.accept(publisher);
      } catch (RuntimeException e) {
        batch.rollback(e);
        throw e;
      }
      batch.commit(); // publishes (prepare-commit), inside the transaction
    } catch (RuntimeException e) {
      transactions.rollback(transaction);
      throw e;
    }
    if (commit) {
      transactions.commit(transaction);
    } else {
      transactions.rollback(transaction);
    }
  }

  /**
   * The notifications naming an account of this run, up to a sentinel notified after the batch:
   * PostgreSQL delivers notifications in commit order, so once the sentinel is in, every
   * notification of the batch is too (no waiting for something not to happen).
   */
  private List<String> notificationsOfThisRun() throws Exception {
    String sentinel = "[{\"accountId\":\"player:" + run + "-sentinel:wallet\",\"version\":0}]";
    jdbc.queryForList(
        "select pg_notify(?, ?)", Object.class, LedgerChangesChannel.CHANNEL, sentinel);
    List<String> ours = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              PGNotification[] notifications =
                  listener.unwrap(PGConnection.class).getNotifications(100);
              boolean sentinelIn = false;
              for (PGNotification notification :
                  notifications == null ? new PGNotification[0] : notifications) {
                String payload = notification.getParameter();
                if (payload.equals(sentinel)) {
                  sentinelIn = true;
                } else if (payload.contains(run)) {
                  ours.add(payload);
                }
              }
              return sentinelIn;
            });
    return ours;
  }

  private List<Map.Entry<String, Long>> accounts(String payload) throws Exception {
    JsonNode array = json.readTree(payload);
    assertThat(array.isArray()).as("a JSON array: %s", payload).isTrue();
    List<Map.Entry<String, Long>> accounts = new ArrayList<>();
    for (JsonNode account : array) {
      assertThat(account.get("version").isIntegralNumber()).isTrue();
      accounts.add(
          Map.entry(account.get("accountId").textValue(), account.get("version").longValue()));
    }
    return accounts;
  }
}
