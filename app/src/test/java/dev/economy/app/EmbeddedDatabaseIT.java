package dev.economy.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

/**
 * The README's run command on a fresh machine: no database configured, so the backend starts an
 * embedded PostgreSQL under its data directory; what it was told survives a restart. Run as a
 * separate JVM, as a user would, and stopped with SIGTERM (Ctrl-C's polite sibling).
 */
class EmbeddedDatabaseIT {

  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Path dataDir;
  private Process running;
  private String token;

  @AfterEach
  void tearDown() throws Exception {
    if (running != null && running.isAlive()) {
      running.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    if (dataDir != null) {
      FileSystemUtils.deleteRecursively(dataDir);
    }
  }

  @Test
  void withNoDatabaseConfiguredItRunsOnAnEmbeddedPostgresqlWhoseDataSurvivesARestart()
      throws Exception {
    dataDir = Files.createTempDirectory("economy-data");
    int httpPort = freePort();
    int databasePort = freePort();
    running = start(httpPort, databasePort, "first");
    // A player registered through the real endpoint (registration opens the wallet and bank).
    String player =
        TestPlayers.registerOverHttp("http://127.0.0.1:" + httpPort, "embedded")
            .path("playerId")
            .asText();
    // An admin of the test clients (src/test/resources/config/application.yml), through the real
    // endpoint.
    token = serviceToken(httpPort, TestTokens.ADMIN);
    post(httpPort, "/api/v1/players/" + player + "/accounts", null);
    post(
        httpPort,
        "/api/v1/transfers",
        "{\"idempotencyKey\":\"pay-1\",\"fromAccountId\":\"system:payroll\","
            + "\"toAccountId\":\"player:"
            + player
            + ":wallet\",\"amountMinor\":500,\"reasonCode\":\"salary\"}");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                get(httpPort, "/api/v1/accounts/player:" + player + ":wallet")
                    .contains("\"balanceMinor\":500"));
    stop(running);
    assertThat(Files.exists(dataDir.resolve("postgres").resolve("PG_VERSION"))).isTrue();

    running = start(httpPort, databasePort, "second");
    // The token of the first run still verifies: the signing keys live in the database, not in
    // memory.
    assertThat(get(httpPort, "/api/v1/accounts/player:" + player + ":wallet"))
        .contains("\"balanceMinor\":500");
    assertThat(Files.readString(dataDir.resolve("second.log")))
        .contains("Embedded PostgreSQL reopened");
    stop(running);
  }

  private Process start(int httpPort, int databasePort, String name) throws IOException {
    Path log = dataDir.resolve(name + ".log");
    Process process =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    EconomyApplication.class.getName(),
                    "--economy.db.url=",
                    "--economy.data-dir=" + dataDir,
                    "--economy.db.embedded-port=" + databasePort,
                    "--server.port=" + httpPort,
                    "--spring.data.redis.database="
                        + System.getenv().getOrDefault("ECONOMY_TEST_REDIS_DB", "15")))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    await()
        .atMost(START_TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new AssertionError(
                    "the backend exited while starting:\n" + Files.readString(log));
              }
              try {
                return get(httpPort, "/actuator/health").contains("\"UP\"");
              } catch (IOException notYet) {
                return false;
              }
            });
    return process;
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroy();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
  }

  private String serviceToken(int port, String clientId) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/v1/auth/service-token"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"clientId\":\""
                            + clientId
                            + "\",\"clientSecret\":\""
                            + TestTokens.secretOf(clientId)
                            + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new ObjectMapper().readTree(response.body()).path("accessToken").asText();
  }

  private String get(int port, String path) throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
        .body();
  }

  private void post(int port, String path, String json) throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + token);
    if (json == null) {
      request.POST(HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json));
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isBetween(200, 201);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
