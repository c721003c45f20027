package dev.economy.app.query;

import static dev.economy.app.query.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.economy.app.IntegrationTest;
import dev.economy.app.TestTokens;
import dev.economy.messages.ledger.LedgerRules;
import dev.economy.messages.ledger.SystemAccount;
import dev.economy.testsupport.TcpProxy;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration;
import org.springframework.boot.autoconfigure.data.redis.RedisReactiveAutoConfiguration;
import org.springframework.boot.autoconfigure.http.codec.CodecsAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.r2dbc.R2dbcAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.HttpHandlerAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.ReactiveWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.WebFluxAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.error.ErrorWebFluxAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.test.StepVerifier;

/**
 * The query role running alone (as it can in the production topology), in a second application
 * context with its own settings: Redis behind a proxy the test can cut, one stream at most, fast
 * heartbeats and a short database timeout. Data comes from the whole backend (the shared context)
 * through the real command bus and projections.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class QueryRoleAloneIT extends IntegrationTest {

  private static final String REDIS_DOWN = "Redis does not answer";
  private static final String REDIS_BACK = "Redis answers again";
  private static final Duration STREAM_WAIT_MAX = Duration.ofSeconds(60);

  /**
   * Only the query side: its package and the auto-configuration it needs, no Axon; plus the caller
   * seam (the verifying filter and the signing keys it reads from the shared PostgreSQL over JDBC),
   * as a query instance of the production topology runs it.
   */
  @SpringBootConfiguration
  @ImportAutoConfiguration({
    PropertyPlaceholderAutoConfiguration.class,
    JacksonAutoConfiguration.class,
    CodecsAutoConfiguration.class,
    ReactiveWebServerFactoryAutoConfiguration.class,
    WebFluxAutoConfiguration.class,
    HttpHandlerAutoConfiguration.class,
    ErrorWebFluxAutoConfiguration.class,
    R2dbcAutoConfiguration.class,
    RedisAutoConfiguration.class,
    RedisReactiveAutoConfiguration.class
  })
  @ComponentScan("dev.economy.query")
  @ComponentScan(
      basePackages = "dev.economy.web",
      useDefaultFilters = false,
      includeFilters =
          @ComponentScan.Filter(
              type = FilterType.REGEX,
              pattern =
                  "dev\\.economy\\.web\\.(CallerWebFilter|token\\.(AccessTokenVerifier|SigningKeys|TokenSettings|Sessions))"))
  static class QueryRole {
    @Bean
    DataSource keysDataSource(Environment environment) {
      return new DriverManagerDataSource(
          environment.getRequiredProperty("economy.db.url"),
          environment.getRequiredProperty("economy.db.user"),
          environment.getProperty("economy.db.password", ""));
    }

    @Bean
    JdbcTemplate keysJdbc(DataSource keysDataSource) {
      return new JdbcTemplate(keysDataSource);
    }
  }

  record Account(String accountId, long balanceMinor, long version) {}

  @Autowired CommandGateway gateway;
  @Autowired JdbcTemplate jdbc;
  @Autowired DataSource dataSource;
  @Autowired StringRedisTemplate redis;
  @Autowired Environment environment;

  private TcpProxy redisProxy;
  private ConfigurableApplicationContext queryRole;
  private WebTestClient http;
  private QueryLedger ledger;

  @BeforeAll
  void startTheQueryRoleAlone() {
    redisProxy =
        new TcpProxy(
                environment.getProperty("spring.data.redis.host"),
                environment.getProperty("spring.data.redis.port", Integer.class))
            .start();
    queryRole =
        new SpringApplicationBuilder(QueryRole.class)
            .web(WebApplicationType.REACTIVE)
            .main(QueryRole.class)
            // Arguments, not default properties: application.yml would override those.
            .run(
                "--server.port=0",
                "--spring.data.redis.port=" + redisProxy.port(),
                // Connecting through the proxy on a loaded machine can take longer than the 250 ms
                // of
                // application.yml; a start-up that timed out counted as an outage of its own.
                "--spring.data.redis.connect-timeout=2s",
                "--economy.cache.retry-interval=PT0.2S",
                "--economy.query.streams-max=1",
                "--economy.query.stream-heartbeat=PT0.2S",
                "--economy.query.database-timeout=PT1S");
    int port = ((ReactiveWebServerApplicationContext) queryRole).getWebServer().getPort();
    // A token of the whole backend (the shared context) verifies here: the keys are shared.
    http =
        WebTestClient.bindToServer()
            .baseUrl("http://127.0.0.1:" + port)
            .defaultHeader(HttpHeaders.AUTHORIZATION, tokens().bearerFor(TestTokens.AUDITOR))
            .responseTimeout(Duration.ofSeconds(30))
            .build();
  }

  @AfterAll
  void stopTheQueryRole() {
    if (queryRole != null) {
      queryRole.close();
    }
    if (redisProxy != null) {
      redisProxy.close();
    }
  }

  @BeforeEach
  void setUp() {
    ledger = new QueryLedger(gateway, jdbc);
  }

  @Test
  void withRedisDownReadsAreServedFromPostgresAndTheLogSaysSoOncePerOutage(CapturedOutput output) {
    String player = QueryLedger.uniquePlayer("redis-down");
    String wallet = LedgerRules.walletAccountId(player);
    String key = "economy:account:" + wallet;
    ledger.openPlayer(player);
    ledger.transfer(player + "-1", SystemAccount.PAYROLL.accountId(), wallet, 100, "salary", null);
    long version = ledger.awaitSettledBalance(wallet, 100);
    assertThat(get(wallet)).isEqualTo(new Account(wallet, 100, version));
    assertThat(redis.opsForHash().get(key, "version"))
        .as("the cache is in use")
        .isEqualTo(Long.toString(version));

    redisProxy.cut();
    for (int read = 0; read < 5; read++) {
      assertThat(get(wallet)).isEqualTo(new Account(wallet, 100, version));
    }
    ledger.transfer(player + "-2", SystemAccount.PAYROLL.accountId(), wallet, 50, "salary", null);
    long newer = ledger.awaitSettledBalance(wallet, 150);
    assertThat(get(wallet)).isEqualTo(new Account(wallet, 150, newer));
    assertThat(occurrences(output.getOut(), REDIS_DOWN)).isEqualTo(1);
    assertThat(warnings(output.getOut(), REDIS_DOWN)).isEqualTo(1);

    redisProxy.start();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              assertThat(get(wallet).balanceMinor()).isEqualTo(150);
              return output.getOut().contains(REDIS_BACK);
            });
    assertThat(occurrences(output.getOut(), REDIS_DOWN))
        .as("one WARN for the whole outage")
        .isEqualTo(1);
    assertThat(
            output
                .getOut()
                .lines()
                .filter(line -> line.contains(" WARN ") && line.contains(":" + redisProxy.port()))
                .toList())
        .as("nothing else warns about the outage, not once per reconnect attempt either")
        .isEmpty();
    assertThat(occurrences(output.getOut(), REDIS_BACK)).isEqualTo(1);
    assertThat(lines(output.getOut(), REDIS_BACK))
        .allSatisfy(line -> assertThat(line).contains(" INFO "));
    // And the cache is used again.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              get(wallet);
              return redis.opsForHash().get(key, "data") instanceof String data
                  && data.contains("\"balanceMinor\":150");
            });
  }

  @Test
  void aStreamBeyondTheLimitIsRefusedUntilOneEnds() {
    String player = QueryLedger.uniquePlayer("limit");
    String wallet = LedgerRules.walletAccountId(player);
    ledger.openPlayer(player);

    StepVerifier.create(awaitStream(wallet))
        .assertNext(event -> assertThat(event.event()).isEqualTo("balance"))
        .then(
            () ->
                assertProblem(
                    http.get()
                        .uri("/api/v1/accounts/{accountId}/stream", wallet)
                        .accept(MediaType.TEXT_EVENT_STREAM)
                        .exchange()
                        .expectHeader()
                        .exists(HttpHeaders.RETRY_AFTER),
                    429,
                    "too_many_streams"))
        .thenCancel()
        .verify(STREAM_WAIT_MAX);

    // The place of the cancelled stream is free again.
    StepVerifier.create(awaitStream(wallet))
        .assertNext(event -> assertThat(event.event()).isEqualTo("balance"))
        .thenCancel()
        .verify(STREAM_WAIT_MAX);
  }

  @Test
  void anIdleStreamSendsHeartbeats() {
    String player = QueryLedger.uniquePlayer("heartbeat");
    String wallet = LedgerRules.walletAccountId(player);
    ledger.openPlayer(player);

    StepVerifier.create(awaitStream(wallet))
        .assertNext(event -> assertThat(event.event()).isEqualTo("balance"))
        .assertNext(
            event -> {
              assertThat(event.event()).isNull();
              assertThat(event.comment()).isEqualTo("heartbeat");
            })
        .thenCancel()
        .verify(STREAM_WAIT_MAX);
  }

  @Test
  void aReadThatWaitsLongerThanTheDatabaseTimeoutIsUnavailable() throws Exception {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      statement.execute("LOCK TABLE money_supply IN ACCESS EXCLUSIVE MODE");
      try {
        assertProblem(
            http.get()
                .uri("/api/v1/money-supply")
                .exchange()
                .expectHeader()
                .exists(HttpHeaders.RETRY_AFTER),
            503,
            "unavailable");
      } finally {
        connection.rollback();
      }
    }
    http.get().uri("/api/v1/money-supply").exchange().expectStatus().isOk();
  }

  /** Opens a stream, waiting while an earlier test's stream still holds the only place. */
  private reactor.core.publisher.Flux<ServerSentEvent<String>> awaitStream(String accountId) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              WebTestClient.ResponseSpec response =
                  http.get()
                      .uri("/api/v1/accounts/{accountId}/stream", accountId)
                      .accept(MediaType.TEXT_EVENT_STREAM)
                      .exchange();
              var result =
                  response.returnResult(
                      new ParameterizedTypeReference<ServerSentEvent<String>>() {});
              if (result.getStatus().value() == 429) {
                result.getResponseBody().subscribe().dispose();
                return null;
              }
              assertThat(result.getStatus().value()).isEqualTo(200);
              return result.getResponseBody();
            },
            body -> body != null);
  }

  private Account get(String accountId) {
    return http.get()
        .uri("/api/v1/accounts/{accountId}", accountId)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(Account.class)
        .returnResult()
        .getResponseBody();
  }

  private static int occurrences(String text, String phrase) {
    Matcher matcher = Pattern.compile(Pattern.quote(phrase)).matcher(text);
    int count = 0;
    while (matcher.find()) {
      count++;
    }
    return count;
  }

  private static long warnings(String text, String phrase) {
    return lines(text, phrase).stream().filter(line -> line.contains(" WARN ")).count();
  }

  private static List<String> lines(String text, String phrase) {
    return text.lines().filter(line -> line.contains(phrase)).toList();
  }
}
