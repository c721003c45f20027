package dev.economy.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.economy.app.TestPlayers;
import dev.economy.app.TestTokens;
import dev.economy.messages.ledger.LedgerRules;
import dev.economy.messages.ledger.SystemAccount;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.FileSystemUtils;

/**
 * ops/scripts/start-all.sh starts the command, query and projections roles as three JVMs on their
 * own ports, sharing one PostgreSQL event store, and waits until each is ready; they move money
 * together; ops/scripts/restart-services.sh restarts one and stops them all. The JVMs run from the
 * test classpath (ECONOMY_START_ALL_CLASSPATH), since the jar is packaged after the tests.
 */
class StartAllScriptIT {

  @Test
  void startAllRunsEachRoleInItsOwnJvmAndRestartServicesStopsThem() throws Exception {
    String url = SentryIT.OwnDatabase.create("startall");
    Path run = Files.createTempDirectory("start-all-it");
    int base = freeRange(4);
    String[] environment = {
      "ECONOMY_DB_URL", url,
      "ECONOMY_DB_USER", System.getProperty("economy.db.user", "postgres"),
      "ECONOMY_DB_PASSWORD", System.getProperty("economy.db.password", ""),
      "ECONOMY_REDIS_DATABASE", System.getProperty("spring.data.redis.database", "15"),
      "ECONOMY_START_ALL_BASE_PORT", Integer.toString(base),
      "ECONOMY_START_ALL_RUN_DIR", run.toString(),
      "ECONOMY_START_ALL_WAIT", "240",
      "ECONOMY_START_ALL_CLASSPATH", System.getProperty("java.class.path"),
      "ECONOMY_JAVA_OPTS",
          "-Xmx384m -Dspring.datasource.hikari.maximum-pool-size=3"
              + " -Dspring.datasource.hikari.minimum-idle=1 -Dspring.r2dbc.pool.initial-size=1"
              + " -Dspring.r2dbc.pool.max-size=2"
    };
    try {
      Tools.Result started =
          Tools.run(
              Tools.ROOT,
              300,
              List.of(
                  "bash",
                  Tools.ROOT.resolve("ops/scripts/start-all.sh").toString(),
                  "command",
                  "query",
                  "projections"),
              environment);
      assertThat(started.exitCode()).as(started.output() + logs(run)).isZero();
      assertThat(started.output())
          .contains("command is ready on http://127.0.0.1:" + base)
          .contains("query is ready on http://127.0.0.1:" + (base + 1))
          .contains("projections is ready on http://127.0.0.1:" + (base + 2));

      WebTestClient command = http(base);
      WebTestClient query = http(base + 1);
      String admin = "Bearer " + new TestTokens(base, null).service(TestTokens.ADMIN);
      String player =
          TestPlayers.registerOverHttp("http://127.0.0.1:" + base, "start-all")
              .path("playerId")
              .asText();
      String wallet = LedgerRules.walletAccountId(player);
      command
          .post()
          .uri("/api/v1/players/{playerId}/accounts", player)
          .header(HttpHeaders.AUTHORIZATION, admin)
          .exchange()
          .expectStatus()
          .is2xxSuccessful();
      command
          .post()
          .uri("/api/v1/transfers")
          .header(HttpHeaders.AUTHORIZATION, admin)
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue(
              Map.of(
                  "idempotencyKey",
                  player + "-salary",
                  "fromAccountId",
                  SystemAccount.PAYROLL.accountId(),
                  "toAccountId",
                  wallet,
                  "amountMinor",
                  300,
                  "reasonCode",
                  "salary"))
          .exchange()
          .expectStatus()
          .is2xxSuccessful();
      await()
          .atMost(Duration.ofSeconds(90))
          .untilAsserted(
              () ->
                  query
                      .get()
                      .uri("/api/v1/accounts/{id}", wallet)
                      .header(HttpHeaders.AUTHORIZATION, admin)
                      .exchange()
                      .expectStatus()
                      .isOk()
                      .expectBody()
                      .jsonPath("$.balanceMinor")
                      .isEqualTo(300));
      // The query JVM is the query role alone: it has no command route.
      query
          .post()
          .uri("/api/v1/transfers")
          .header(HttpHeaders.AUTHORIZATION, admin)
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue(Map.of())
          .exchange()
          .expectStatus()
          .isNotFound();

      long queryPid = Long.parseLong(Files.readString(run.resolve("query.pid")).trim());
      Tools.Result restarted =
          Tools.run(
              Tools.ROOT,
              300,
              List.of(
                  "bash",
                  Tools.ROOT.resolve("ops/scripts/restart-services.sh").toString(),
                  "query"),
              environment);
      assertThat(restarted.exitCode()).as(restarted.output() + logs(run)).isZero();
      assertThat(Long.parseLong(Files.readString(run.resolve("query.pid")).trim()))
          .isNotEqualTo(queryPid);
      assertThat(ProcessHandle.of(queryPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      query
          .get()
          .uri("/api/v1/accounts/{id}", wallet)
          .header(HttpHeaders.AUTHORIZATION, admin)
          .exchange()
          .expectStatus()
          .isOk();

      Tools.Result stopped =
          Tools.run(
              Tools.ROOT,
              300,
              List.of(
                  "bash", Tools.ROOT.resolve("ops/scripts/restart-services.sh").toString(), "stop"),
              environment);
      assertThat(stopped.exitCode()).as(stopped.output()).isZero();
      for (int port = base; port < base + 3; port++) {
        assertThat(listening(port)).as("port " + port + " after stop").isFalse();
      }
    } finally {
      killLeftovers(run);
      FileSystemUtils.deleteRecursively(run);
    }
  }

  private static WebTestClient http(int port) {
    return WebTestClient.bindToServer()
        .baseUrl("http://127.0.0.1:" + port)
        .responseTimeout(Duration.ofSeconds(30))
        .build();
  }

  /**
   * Consecutive free ports below Linux's ephemeral range (32768 and up), where the outgoing
   * connections of every other test on the machine could take one between this check and the start.
   */
  private static int freeRange(int count) throws IOException {
    java.util.Random random = new java.util.Random();
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = 20_000 + random.nextInt(12_000);
      boolean free = true;
      for (int port = base; free && port < base + count; port++) {
        try (ServerSocket ignored = new ServerSocket(port)) {
          // free
        } catch (IOException e) {
          free = false;
        }
      }
      if (free) {
        return base;
      }
    }
    throw new IllegalStateException("no free port range");
  }

  private static boolean listening(int port) {
    try (Socket ignored = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String logs(Path run) throws IOException {
    StringBuilder out = new StringBuilder();
    try (Stream<Path> files = Files.list(run)) {
      for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
        String text = Files.readString(log);
        out.append("\n--- ")
            .append(log.getFileName())
            .append("\n")
            .append(text.length() > 3000 ? text.substring(text.length() - 3000) : text);
      }
    }
    return out.toString();
  }

  private static void killLeftovers(Path run) throws IOException {
    if (!Files.isDirectory(run)) {
      return;
    }
    try (Stream<Path> files = Files.list(run)) {
      for (Path pid : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
        ProcessHandle.of(Long.parseLong(Files.readString(pid).trim()))
            .ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }
}
