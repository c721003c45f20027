package dev.economy.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every setting of the benchmark, from the environment (docs/operations.md, "Benchmark", lists
 * them).
 */
record BenchSettings(
    String url,
    Path appJar,
    String javaOptions,
    int port,
    String pgHost,
    int pgPort,
    String pgUser,
    String pgPassword,
    String database,
    String replayDatabase,
    String pgbenchDatabase,
    String pgbench,
    int pgbenchScale,
    int redisDatabase,
    int clients,
    Duration duration,
    Duration warmup,
    int players,
    int watchedAccounts,
    int batchSize,
    long replayEvents,
    int growthEvents,
    int growthSamples,
    Set<String> phases,
    Path workDir,
    ServiceTokens.Client gameClient,
    ServiceTokens.Client auditorClient) {

  static BenchSettings fromEnvironment() {
    int clients = integer("BENCH_CLIENTS", 16);
    return new BenchSettings(
        text("BENCH_URL", ""),
        Path.of(text("BENCH_APP_JAR", "app/target/app-0.1.0-SNAPSHOT.jar")),
        text("BENCH_JAVA_OPTS", "-Xmx512m"),
        integer("BENCH_PORT", 0),
        text("BENCH_PG_HOST", "127.0.0.1"),
        integer("BENCH_PG_PORT", 5432),
        text("BENCH_PG_USER", "postgres"),
        text("BENCH_PG_PASSWORD", ""),
        text("BENCH_DB", "economy_bench"),
        text("BENCH_REPLAY_DB", "economy_bench_replay"),
        text("BENCH_PGBENCH_DB", "economy_pgbench"),
        text("BENCH_PGBENCH", "pgbench"),
        integer("BENCH_PGBENCH_SCALE", clients),
        integer("BENCH_REDIS_DB", 10),
        clients,
        Duration.parse(text("BENCH_DURATION", "PT30S")),
        Duration.parse(text("BENCH_WARMUP", "PT10S")),
        integer("BENCH_PLAYERS", 1000),
        integer("BENCH_WATCHED_ACCOUNTS", 32),
        integer("BENCH_BATCH_SIZE", 100),
        Long.parseLong(text("BENCH_REPLAY_EVENTS", "1000000")),
        integer("BENCH_GROWTH_EVENTS", 100_000),
        integer("BENCH_GROWTH_SAMPLES", 300),
        Arrays.stream(text("BENCH_PHASES", "load,replay,growth").split(","))
            .map(s -> s.trim().toLowerCase(Locale.ROOT))
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toSet()),
        Path.of(text("BENCH_WORK_DIR", "target/bench")),
        client("BENCH_GAME_CLIENT", "bench-game", "game-server"),
        client("BENCH_AUDITOR_CLIENT", "bench-auditor", "auditor"));
  }

  String jdbcUrl(String databaseName) {
    return "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + databaseName;
  }

  /**
   * A service client: with NAME_SECRET set (a backend started by somebody else, BENCH_URL), that
   * client must be configured there; otherwise the benchmark makes up a secret and configures its
   * own backend with it.
   */
  private static ServiceTokens.Client client(String name, String id, String role) {
    String secret = text(name + "_SECRET", "");
    String clientId = text(name + "_ID", id);
    return secret.isEmpty()
        ? ServiceTokens.Client.generated(clientId, role)
        : new ServiceTokens.Client(clientId, role, secret);
  }

  private static String text(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  private static int integer(String name, int fallback) {
    return Integer.parseInt(text(name, Integer.toString(fallback)));
  }
}
