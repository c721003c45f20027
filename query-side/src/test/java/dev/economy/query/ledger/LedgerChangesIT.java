package dev.economy.query.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.economy.messages.ledger.LedgerChange;
import dev.economy.testsupport.TestDatabase;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * What the query side makes of ledger_changes notifications, sent with pg_notify on the real
 * PostgreSQL and received by its real LISTEN connection: the projections' array form (one
 * notification per batch) and the single-object form of older projections roles both become one
 * change per account, in order; anything else is refused with a warning and the listener goes on.
 * The cache markers they write: AccountCacheIT (app). The listener is wired as the query role wires
 * it (its R2DBC connection details, the account cache on the real Redis), without the application;
 * the notifications are sent over JDBC, as the projections send them.
 */
class LedgerChangesIT {

  /** A safety net against a notification that never arrives, not an assertion about time. */
  private static final Duration WAIT_MAX = Duration.ofSeconds(30);

  private static LettuceConnectionFactory redisConnection;
  private static LedgerChanges ledgerChanges;
  private static Connection jdbc;

  private String run;
  private ListAppender<ILoggingEvent> warnings;
  private ch.qos.logback.classic.Logger logger;

  @BeforeAll
  static void startListening() throws Exception {
    TestDatabase.prepare();
    ConnectionFactoryOptions.Builder database =
        ConnectionFactoryOptions.parse(TestDatabase.jdbcUrl().replaceFirst("^jdbc:", "r2dbc:"))
            .mutate()
            .option(ConnectionFactoryOptions.USER, TestDatabase.user());
    if (!TestDatabase.password().isEmpty()) {
      database.option(ConnectionFactoryOptions.PASSWORD, TestDatabase.password());
    }
    ConnectionFactoryOptions options = database.build();
    RedisStandaloneConfiguration server = new RedisStandaloneConfiguration("127.0.0.1", 6379);
    server.setDatabase(TestDatabase.redisDatabase());
    redisConnection = new LettuceConnectionFactory(server);
    // Connected before the first notification, as in a running query role: the first connection
    // of a fresh JVM can take longer than the cache's timeout, and the markers would only be logged
    // as a Redis outage.
    redisConnection.setEagerInitialization(true);
    redisConnection.afterPropertiesSet();
    redisConnection.start();
    ObjectMapper json = new ObjectMapper();
    // economy.cache.* as the application's tests set them (timeout PT2S), the others at their
    // defaults.
    AccountCache cache =
        new AccountCache(
            new ReactiveStringRedisTemplate(redisConnection),
            json,
            new CacheSettings(Duration.ofMinutes(5), Duration.ofSeconds(2), Duration.ofSeconds(5)));
    ledgerChanges = new LedgerChanges(() -> options, cache, json);
    // Listening once the first resync arrives: nothing notified from then on is lost.
    CompletableFuture<LedgerChange> listening =
        ledgerChanges.changes().filter(LedgerChange::resync).next().toFuture();
    ledgerChanges.start();
    listening.get(WAIT_MAX.toSeconds(), TimeUnit.SECONDS);
    jdbc = TestDatabase.connect();
  }

  @AfterAll
  static void stopListening() throws SQLException {
    ledgerChanges.stop();
    jdbc.close();
    redisConnection.destroy();
  }

  @BeforeEach
  void setUp() {
    run = "chg" + Long.toString(System.nanoTime(), 36);
    logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(LedgerChanges.class);
    warnings = new ListAppender<>();
    // The listener's thread appends while the test reads.
    warnings.list = new CopyOnWriteArrayList<>();
    warnings.start();
    logger.addAppender(warnings);
  }

  @AfterEach
  void tearDown() {
    logger.detachAppender(warnings);
  }

  @Test
  void anArrayNotificationBecomesOneChangePerAccountInOrder() {
    StepVerifier.create(changesOfThisRun())
        .then(
            () ->
                notify(
                    "["
                        + entry(account("b"), 7)
                        + ","
                        + entry(account("a"), 3)
                        + ","
                        + entry(account("c"), 12)
                        + "]"))
        .expectNext(new LedgerChange(account("b"), 7))
        .expectNext(new LedgerChange(account("a"), 3))
        .expectNext(new LedgerChange(account("c"), 12))
        .thenCancel()
        .verify(WAIT_MAX);
  }

  @Test
  void theSingleObjectOfAnOlderProjectionsRoleStillBecomesAChange() {
    StepVerifier.create(changesOfThisRun())
        .then(() -> notify(entry(account("a"), 9)))
        .expectNext(new LedgerChange(account("a"), 9))
        .thenCancel()
        .verify(WAIT_MAX);
  }

  @Test
  void aMalformedNotificationIsRefusedWithAWarningAndTheNextOneStillArrives() {
    List<String> malformed =
        List.of(
            "not json " + run,
            "[]",
            "["
                + entry(account("fine"), 1)
                + ",{\"version\":2}]", // one bad entry refuses the whole payload
            "[{\"accountId\":\"" + account("no-version") + "\"}]",
            "[{\"accountId\":\"" + account("fraction") + "\",\"version\":1.5}]",
            "[{\"accountId\":\"" + account("text") + "\",\"version\":\"3\"}]",
            "{\"accountId\":\"" + account("old-form-no-version") + "\"}",
            "[1]",
            "null");

    StepVerifier.create(changesOfThisRun())
        .then(
            () -> {
              malformed.forEach(this::notify);
              notify("[" + entry(account("after"), 4) + "]");
            })
        .expectNext(new LedgerChange(account("after"), 4))
        .thenCancel()
        .verify(WAIT_MAX);

    // One warning per refused payload, all logged by now: notifications are parsed one after the
    // other, in the order they were sent.
    assertThat(refusals()).hasSize(malformed.size());
  }

  private List<ILoggingEvent> refusals() {
    return warnings.list.stream()
        .filter(event -> event.getLevel() == Level.WARN)
        .filter(
            event ->
                event.getFormattedMessage().startsWith("ignored a ledger_changes notification"))
        .toList();
  }

  private Flux<LedgerChange> changesOfThisRun() {
    return ledgerChanges
        .changes()
        .filter(change -> !change.resync() && change.accountId().contains(run));
  }

  private String account(String suffix) {
    return "player:" + run + "-" + suffix + ":wallet";
  }

  private static String entry(String accountId, long version) {
    return "{\"accountId\":\"" + accountId + "\",\"version\":" + version + "}";
  }

  private void notify(String payload) {
    try (PreparedStatement statement =
        jdbc.prepareStatement("select pg_notify('ledger_changes', ?)")) {
      statement.setString(1, payload);
      statement.executeQuery().close();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
