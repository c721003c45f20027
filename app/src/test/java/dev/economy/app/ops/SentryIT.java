package dev.economy.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.economy.app.EconomyApplication;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import sentryprobe.FailingRoute;

/**
 * With ECONOMY_SENTRY_DSN set, an unhandled error reaches Sentry: a local HTTP server stands in for
 * Sentry (its envelope endpoint, POST /api/{project}/envelope/), and a request that fails
 * unexpectedly must arrive there as an event carrying the exception. The backend runs in an
 * application of its own (its own database, so its processors do not compete with the shared test
 * context's), with one extra route that throws.
 */
class SentryIT {

  @Test
  void anUnhandledErrorArrivesAtTheConfiguredDsn() throws Exception {
    List<String> envelopes = new CopyOnWriteArrayList<>();
    HttpServer sentry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    sentry.createContext(
        "/api/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
          envelopes.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI().getPath()
                  + "\n"
                  + decode(body, encoding));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    sentry.start();
    String database = OwnDatabase.create("sentry");
    String marker = UUID.randomUUID().toString();
    ConfigurableApplicationContext app = null;
    try {
      app =
          new SpringApplicationBuilder(EconomyApplication.class, FailingRoute.class)
              .run(
                  "--server.port=0",
                  "--economy.db.url=" + database,
                  "--sentry.dsn=http://public@127.0.0.1:" + sentry.getAddress().getPort() + "/42",
                  "--sentry.environment=test",
                  // Small pools: PostgreSQL's connections are shared with every other test JVM.
                  "--spring.datasource.hikari.maximum-pool-size=4",
                  "--spring.datasource.hikari.minimum-idle=1",
                  "--spring.r2dbc.pool.initial-size=1",
                  "--spring.r2dbc.pool.max-size=2");
      int port = ((ReactiveWebServerApplicationContext) app).getWebServer().getPort();
      WebTestClient.bindToServer()
          .baseUrl("http://127.0.0.1:" + port)
          .build()
          .get()
          .uri("/sentry-probe/{marker}", marker)
          .exchange()
          .expectStatus()
          .isEqualTo(500)
          .expectBody()
          .jsonPath("$.code")
          .isEqualTo("internal_error");

      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(envelopes)
                      .anySatisfy(
                          envelope -> {
                            assertThat(envelope).startsWith("POST /api/42/envelope/");
                            assertThat(envelope).contains("\"type\":\"event\"");
                            assertThat(envelope).contains("IllegalStateException");
                            assertThat(envelope).contains("unexpected failure " + marker);
                            assertThat(envelope).contains("\"environment\":\"test\"");
                          }));
    } finally {
      if (app != null) {
        app.close();
      }
      sentry.stop(0);
    }
  }

  private static String decode(byte[] body, String encoding) throws IOException {
    InputStream in = new ByteArrayInputStream(body);
    if (encoding != null && encoding.contains("gzip")) {
      in = new GZIPInputStream(in);
    }
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  /** A database of its own for an application started by a test, next to the shared one. */
  static final class OwnDatabase {
    private OwnDatabase() {}

    static String create(String suffix) throws Exception {
      String database =
          System.getenv().getOrDefault("ECONOMY_TEST_DB", "economy_it") + "_" + suffix;
      String server =
          System.getenv().getOrDefault("ECONOMY_TEST_PG", "jdbc:postgresql://127.0.0.1:5432");
      String user = System.getenv().getOrDefault("ECONOMY_TEST_DB_USER", "postgres");
      String password = System.getenv().getOrDefault("ECONOMY_TEST_DB_PASSWORD", "");
      try (Connection c = DriverManager.getConnection(server + "/postgres", user, password);
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        s.execute("CREATE DATABASE " + database);
      }
      // The other settings (user, password, Redis database) come from TestDatabase's system
      // properties.
      dev.economy.testsupport.TestDatabase.prepare();
      return server + "/" + database;
    }
  }
}
