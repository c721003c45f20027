package dev.economy.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.economy.app.IntegrationTest;
import dev.economy.app.TestPlayers;
import dev.economy.app.TestTokens;
import dev.economy.command.players.AccessTokens;
import dev.economy.messages.ledger.LedgerRules;
import dev.economy.messages.ledger.SystemAccount;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The gateway (ops/nginx) with the real nginx in front of the running backend: the shared test
 * application (every role) as the command upstream, and the query role alone (on the same database;
 * it runs no processor) as the query upstream, so a request that lands on the wrong role shows. TLS
 * with the development certificate of ops/nginx/make-dev-cert.sh.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayIT extends IntegrationTest {

  private static final String WEBSITE = "https://economy-website.test";
  private static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired AccessTokens accessTokens;
  @Autowired MeterRegistry commandMeters;
  @Autowired ApplicationContext context;

  private ConfigurableApplicationContext queryRole;
  private Gateway gateway;
  private HttpClient https;
  private String admin;
  private TestPlayers players;

  @BeforeAll
  void startTheQueryRoleAndTheGateway() throws Exception {
    queryRole = RoleApplications.start("query", System.getProperty("economy.db.url"));
    gateway =
        Gateway.start(
            Map.ofEntries(
                Map.entry("GATEWAY_COMMAND_UPSTREAM", "127.0.0.1:" + port),
                Map.entry(
                    "GATEWAY_QUERY_UPSTREAM", "127.0.0.1:" + RoleApplications.port(queryRole)),
                Map.entry("ECONOMY_GATEWAY_SERVER_NAME", "localhost"),
                Map.entry("ECONOMY_GATEWAY_CORS_ORIGIN", WEBSITE),
                Map.entry("ECONOMY_GATEWAY_BODY_SIZE_MAX", "64k"),
                Map.entry("ECONOMY_GATEWAY_RATE_PER_SECOND", "200"),
                Map.entry("ECONOMY_GATEWAY_BURST", "400"),
                // One a minute: however slow the backend answers the first logins, no slot frees
                // during the test.
                Map.entry("ECONOMY_GATEWAY_LOGIN_RATE_PER_MINUTE", "1"),
                Map.entry("ECONOMY_GATEWAY_LOGIN_BURST", "2"),
                Map.entry("ECONOMY_GATEWAY_WEBHOOK_RATE_PER_MINUTE", "60"),
                Map.entry("ECONOMY_GATEWAY_WEBHOOK_BURST", "10"),
                Map.entry("ECONOMY_GATEWAY_STREAMS_PER_ADDRESS", "10"),
                Map.entry("ECONOMY_GATEWAY_STREAM_READ_TIMEOUT", "35m")));
    https =
        HttpClient.newBuilder()
            .sslContext(gateway.trust)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    admin = new TestTokens(port, accessTokens).bearerFor(TestTokens.ADMIN);
    players = new TestPlayers(context);
  }

  @AfterAll
  void stopThem() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    if (queryRole != null) {
      queryRole.close();
    }
  }

  @Test
  void changesGoToTheCommandRoleAndReadsToTheQueryRole() throws Exception {
    double queryReadsBefore = requests(queryMeters(), "/api/v1/players/{playerId}/accounts");
    double commandReadsBefore = requests(commandMeters, "/api/v1/players/{playerId}/accounts");

    String player;
    try (AutoCloseable paused = players.accountsOpenerPaused()) {
      // A registered player whose accounts are not open yet: the POST opens them.
      player = players.register("gateway");
      HttpResponse<String> opened =
          send(
              request("/api/v1/players/" + player + "/accounts")
                  .POST(HttpRequest.BodyPublishers.noBody()));
      assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
    }
    // The query role answers once the projection has the new accounts.
    HttpResponse<String> read =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> send(request("/api/v1/players/" + player + "/accounts").GET()),
                r -> r.statusCode() == 200);
    assertThat(JSON.readTree(read.body()).path("playerId").asText()).isEqualTo(player);

    // The POST was served by the command role (the query role has no such route), the GET by the
    // query role alone.
    assertThat(requests(queryMeters(), "/api/v1/players/{playerId}/accounts") - queryReadsBefore)
        .isPositive();
    assertThat(requests(commandMeters, "/api/v1/players/{playerId}/accounts") - commandReadsBefore)
        .isEqualTo(1);
    // Security headers on every answer; /actuator is not published.
    assertThat(read.headers().firstValue("Strict-Transport-Security"))
        .hasValueSatisfying(v -> v.contains("max-age"));
    assertThat(read.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(read.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    HttpResponse<String> actuator = send(request("/actuator/prometheus").GET());
    assertThat(actuator.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(actuator.body()).path("code").asText()).isEqualTo("not_found");
  }

  @Test
  void plainHttpIsRedirectedToHttps() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.httpPort + "/api/v1/money-supply"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(301);
    assertThat(response.headers().firstValue("Location"))
        .hasValueSatisfying(
            location ->
                assertThat(location).startsWith("https://").endsWith("/api/v1/money-supply"));
    // The container's health check answers on plain HTTP.
    assertThat(
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + gateway.httpPort + "/healthz"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void aBurstOfLoginsFromOneAddressIsRefusedWith429() throws Exception {
    List<Integer> statuses = new ArrayList<>();
    List<String> bodies = new ArrayList<>();
    HttpResponse<String> limited = null;
    // The backend has login limits of its own (per username, per client address): usernames and a
    // forwarded client address of this test only, so that only the gateway's limit can refuse here.
    String user = "gw" + Long.toString(System.nanoTime(), 36);
    String client = "198.51.100." + (1 + (int) (System.nanoTime() % 250));
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> response =
          send(
              HttpRequest.newBuilder(URI.create(gateway.https() + "/api/v1/auth/login"))
                  .header("Content-Type", "application/json")
                  .header("X-Forwarded-For", client)
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"username\":\"" + user + i + "\",\"password\":\"wrong-password\"}")));
      statuses.add(response.statusCode());
      bodies.add(response.body());
      if (response.statusCode() == 429) {
        limited = response;
      }
    }
    // One a minute with a burst of 2: the first three reach the backend (which refuses the wrong
    // passwords), the rest are refused by the gateway.
    assertThat(statuses.subList(0, 3)).as(statuses + " " + bodies).containsOnly(401);
    assertThat(statuses.subList(3, 10)).as(statuses + " " + bodies).containsOnly(429);
    assertThat(bodies.subList(3, 10))
        .allSatisfy(body -> assertThat(body).contains("\"code\":\"rate_limited\""));
    assertThat(limited.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(JSON.readTree(limited.body()).path("code").asText()).isEqualTo("rate_limited");
    assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    // Other routes have their own, larger allowance: reads, and a game server logging its players
    // in.
    assertThat(send(request("/api/v1/money-supply").GET()).statusCode()).isEqualTo(200);
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> gameLogin =
          send(
              request("/api/v1/auth/game-login")
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{}")));
      assertThat(gameLogin.statusCode()).as(gameLogin.body()).isNotEqualTo(429);
    }
  }

  @Test
  void aCorsPreflightFromTheWebsiteIsAllowedAndFromAnotherOriginIsNot() throws Exception {
    HttpResponse<String> website =
        send(
            HttpRequest.newBuilder(URI.create(gateway.https() + "/api/v1/transfers"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", WEBSITE)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type"));
    assertThat(website.statusCode()).isEqualTo(204);
    assertThat(website.headers().firstValue("Access-Control-Allow-Origin")).hasValue(WEBSITE);
    assertThat(website.headers().firstValue("Access-Control-Allow-Methods"))
        .hasValueSatisfying(methods -> assertThat(methods).contains("POST"));
    assertThat(website.headers().firstValue("Access-Control-Allow-Headers"))
        .hasValueSatisfying(
            headers -> assertThat(headers).contains("Authorization").contains("Content-Type"));

    HttpResponse<String> other =
        send(
            HttpRequest.newBuilder(URI.create(gateway.https() + "/api/v1/transfers"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.test")
                .header("Access-Control-Request-Method", "POST"));
    assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    assertThat(other.headers().firstValue("Access-Control-Allow-Methods")).isEmpty();

    // A real read from the website carries the header too.
    HttpResponse<String> read =
        send(request("/api/v1/money-supply").header("Origin", WEBSITE).GET());
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.headers().firstValue("Access-Control-Allow-Origin")).hasValue(WEBSITE);
  }

  @Test
  void anOversizedBodyIsRefusedAtTheGatewayAndNeverReachesTheBackend() throws Exception {
    double before = requests(commandMeters, "/api/v1/transfers");
    // 200 KB: over the gateway's 64k, well under the backend's own 1 MB limit (which would answer
    // 400 for this body, not 413).
    String body = "{\"memo\":\"" + "x".repeat(200 * 1024) + "\"}";
    HttpResponse<String> response =
        send(
            request("/api/v1/transfers")
                .header("Content-Type", "application/json")
                .version(HttpClient.Version.HTTP_1_1)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.path("code").asText()).isEqualTo("payload_too_large");
    assertThat(problem.path("detail").asText()).contains("gateway");
    assertThat(requests(commandMeters, "/api/v1/transfers"))
        .as("the backend saw no request")
        .isEqualTo(before);
  }

  @Test
  void aStreamArrivesThroughTheGatewayEventByEvent() throws Exception {
    String player;
    try (AutoCloseable paused = players.accountsOpenerPaused()) {
      player = players.register("gateway-sse");
      assertThat(
              send(request("/api/v1/players/" + player + "/accounts")
                      .POST(HttpRequest.BodyPublishers.noBody()))
                  .statusCode())
          .isEqualTo(201);
    }
    String wallet = LedgerRules.walletAccountId(player);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> send(request("/api/v1/accounts/" + wallet).GET()).statusCode() == 200);

    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    HttpResponse<InputStream> stream =
        https.send(
            request("/api/v1/accounts/" + wallet + "/stream")
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofMinutes(2))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
    assertThat(stream.headers().firstValue("Content-Encoding")).isEmpty();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  lines.add(line);
                }
              } catch (Exception ignored) {
                // the test closes the stream
              }
            },
            "sse-reader");
    reader.setDaemon(true);
    reader.start();
    try {
      // The first event comes on its own, long before any buffer would fill or the stream end.
      assertThat(nextEvent(lines)).isEqualTo("balance");
      HttpResponse<String> transfer =
          send(
              request("/api/v1/transfers")
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          JSON.writeValueAsString(
                              Map.of(
                                  "idempotencyKey",
                                  player + "-salary",
                                  "fromAccountId",
                                  SystemAccount.PAYROLL.accountId(),
                                  "toAccountId",
                                  wallet,
                                  "amountMinor",
                                  250,
                                  "reasonCode",
                                  "salary")))));
      assertThat(transfer.statusCode()).as(transfer.body()).isBetween(200, 201);
      // Then the change, while the stream stays open.
      List<String> next = List.of(nextEvent(lines), nextEvent(lines));
      assertThat(next).contains("history");
    } finally {
      stream.body().close();
    }
  }

  /** Waits for the next "event:" line of the stream (at most 30 s) and answers its name. */
  private static String nextEvent(BlockingQueue<String> lines) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(1, TimeUnit.SECONDS);
      if (line != null && line.startsWith("event:")) {
        return line.substring("event:".length()).trim();
      }
    }
    throw new AssertionError("no event arrived within 30 s");
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(gateway.https() + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", admin);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return https.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private MeterRegistry queryMeters() {
    return queryRole.getBean(MeterRegistry.class);
  }

  private static double requests(MeterRegistry registry, String uri) {
    return registry.find("http.server.requests").tag("uri", uri).timers().stream()
        .mapToDouble(Timer::count)
        .sum();
  }
}
