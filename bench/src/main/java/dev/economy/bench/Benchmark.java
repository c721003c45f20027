package dev.economy.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * The benchmark (docs/operations.md, "Benchmark"; run it with ops/bench/run.sh). Phases, each
 * selectable with BENCH_PHASES:
 *
 * <ul>
 *   <li>load: pgbench's TPC-B on the same PostgreSQL (before and after), then single transfers over
 *       HTTP as fast as they go, the same at half that rate (latency at a load the backend can
 *       carry), and batches through the game ingress; projection lag and resident memory
 *       throughout;
 *   <li>replay: an event store of a million valid events, and the rebuild command's time on it;
 *   <li>growth: a transfer from an account with 100,000 earlier events against one from a new
 *       account.
 * </ul>
 *
 * Every figure is also printed as one line of BENCHMARKS.md's table at the end.
 */
public final class Benchmark {

  private static final Pattern REBUILT =
      Pattern.compile(
          "rebuilt the read models from (\\d+) events in ([0-9.]+) s \\(([0-9]+) events/s\\)");
  private static final long FUNDING_MINOR = 1_000_000_000_000L;

  private final BenchSettings settings;
  private final String runId = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
  private final StringBuilder row = new StringBuilder();
  private double pgbenchTps = Double.NaN;
  private LoadPhase.Result single;
  private LoadPhase.Result half;
  private LoadPhase.Result batch;
  private long rssPeakKb = -1;
  private double rebuildEventsPerSecond = Double.NaN;
  private long rebuildEvents;
  private double growthRatio = Double.NaN;

  private Benchmark(BenchSettings settings) {
    this.settings = settings;
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("axoniq.update-checker.disabled", "true");
    BenchSettings settings = BenchSettings.fromEnvironment();
    new Benchmark(settings).run();
  }

  private void run() throws Exception {
    System.out.printf(
        "economy benchmark %s, commit %s%nmachine: %s, load average %.2f%n"
            + "clients %d, %s per phase, %d players, ingress batches of %d, phases %s%n%n",
        Instant.now().truncatedTo(ChronoUnit.SECONDS),
        commit(),
        Machine.describe(),
        Machine.loadAverage(),
        settings.clients(),
        settings.duration(),
        settings.players(),
        settings.batchSize(),
        settings.phases());
    if (settings.phases().contains("load")) {
      load();
    }
    if (settings.phases().contains("replay") || settings.phases().contains("growth")) {
      replay();
    }
    if (settings.phases().contains("growth")) {
      growth();
    }
    summary();
  }

  // ---------------------------------------------------------------------------------- load

  private void load() throws Exception {
    PgBench pgbench = new PgBench(settings);
    pgbench.initialise();
    PgBench.Result pgBefore = pgbench.run(settings.duration());
    System.out.printf(
        "pgbench TPC-B (scale %d, %d clients, %s): %.1f tps, latency average %.2f ms, load %.2f -> %.2f%n",
        settings.pgbenchScale(),
        settings.clients(),
        settings.duration(),
        pgBefore.tps(),
        pgBefore.latencyAverageMillis(),
        pgBefore.loadBefore(),
        pgBefore.loadAfter());

    boolean own = settings.url().isEmpty();
    if (own) {
      Databases.recreate(settings, settings.database());
    }
    try (Backend backend =
        own
            ? Backend.start(settings, settings.database(), "backend-load.log", List.of())
            : Backend.running(settings.url())) {
      backend.awaitReady(Duration.ofMinutes(5));
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      long registrationStarted = System.nanoTime();
      List<String> players =
          Players.register(
              http, backend.baseUrl(), "b" + runId, settings.players(), settings.clients());
      System.out.printf(
          "registered %d players in %.1f s%n",
          players.size(), (System.nanoTime() - registrationStarted) / 1e9);
      List<String> watched = LedgerTraffic.watchedWallets(players, settings.watchedAccounts());
      ServiceTokens game = new ServiceTokens(http, backend.baseUrl(), settings.gameClient());
      ServiceTokens auditor = new ServiceTokens(http, backend.baseUrl(), settings.auditorClient());
      LagProbe lag = new LagProbe(http, backend.baseUrl(), auditor, watched);
      try (lag) {
        LedgerTraffic traffic =
            new LedgerTraffic(
                http,
                backend.baseUrl(),
                game,
                runId,
                players,
                settings.watchedAccounts(),
                settings.clients(),
                lag);
        long setupStarted = System.nanoTime();
        traffic.openAndFund(settings.players(), FUNDING_MINOR);
        System.out.printf(
            "opened and funded %d players in %.1f s%n",
            settings.players(), (System.nanoTime() - setupStarted) / 1e9);
        Thread.sleep(1000);
        backend.startSampling();
        LoadPhase.Result warmup =
            LoadPhase.closedLoop(
                "warm-up",
                settings.clients(),
                settings.warmup(),
                lag,
                (client, sequence, random) -> traffic.single("w", client, sequence, random));
        System.out.printf("warm-up: %.1f transfers/s%n%n", warmup.acceptedPerSecond());
        single =
            LoadPhase.closedLoop(
                "single transfers, one per request, as fast as they go",
                settings.clients(),
                settings.duration(),
                lag,
                (client, sequence, random) -> traffic.single("s", client, sequence, random));
        print(single, "transfers/s");
        double halfRate = Math.max(1, single.acceptedPerSecond() / 2);
        half =
            LoadPhase.openLoop(
                String.format(
                    Locale.ROOT,
                    "single transfers at half that rate, %.0f/s (latency from when each was due)",
                    halfRate),
                settings.clients(),
                settings.duration(),
                halfRate,
                lag,
                (client, sequence, random) -> traffic.single("h", client, sequence, random));
        print(half, "transfers/s");
        batch =
            LoadPhase.closedLoop(
                "batches of "
                    + settings.batchSize()
                    + " transfers through the game ingress (POST /api/v1/ingress/batch)",
                settings.clients(),
                settings.duration(),
                lag,
                (client, sequence, random) ->
                    traffic.batch("i", client, sequence, random, settings.batchSize()));
        print(batch, "transfers/s");
        rssPeakKb = backend.stopSampling();
        System.out.printf(
            "backend resident memory (VmRSS): peak %s under load, %s now%n",
            rssPeakKb > 0 ? rssPeakKb / 1024 + " MB" : "unknown (set BENCH_PID)",
            backend.rssKb().isPresent() ? backend.rssKb().getAsLong() / 1024 + " MB" : "unknown");
      }
    }
    PgBench.Result pgAfter = pgbench.run(settings.duration());
    System.out.printf(
        "pgbench TPC-B again: %.1f tps, latency average %.2f ms, load %.2f -> %.2f%n%n",
        pgAfter.tps(), pgAfter.latencyAverageMillis(), pgAfter.loadBefore(), pgAfter.loadAfter());
    pgbenchTps = (pgBefore.tps() + pgAfter.tps()) / 2;
  }

  private static void print(LoadPhase.Result result, String unit) {
    Histogram latency = result.latencyMicros();
    Histogram lag = result.lag().micros();
    System.out.printf(
        "%s%n  %d clients, %.1f s: %.1f %s (%d requests), errors %d %s%n"
            + "  latency per request: p50 %s, p99 %s, p99.9 %s, max %s%n"
            + "  projection lag (accepted -> visible on the query side, %d samples, %d not seen within 2 s): p50 %s, p99 %s, max %s%n"
            + "  load average %.2f -> %.2f%n%n",
        result.name(),
        result.clients(),
        result.seconds(),
        result.acceptedPerSecond(),
        unit,
        result.requests(),
        result.failed(),
        result.failures().isEmpty() ? "" : result.failures(),
        millis(latency, 50),
        millis(latency, 99),
        millis(latency, 99.9),
        millis(latency, 100),
        lag.getTotalCount(),
        result.lag().unseen(),
        millis(lag, 50),
        millis(lag, 99),
        millis(lag, 100),
        result.loadBefore(),
        result.loadAfter());
  }

  private static String millis(Histogram histogram, double percentile) {
    if (histogram.getTotalCount() == 0) {
      return "n/a";
    }
    long micros =
        percentile >= 100 ? histogram.getMaxValue() : histogram.getValueAtPercentile(percentile);
    return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
  }

  // ---------------------------------------------------------------------------------- replay

  private void replay() throws Exception {
    Databases.recreate(settings, settings.replayDatabase());
    // A first start on the empty database: Flyway creates the schema, the system accounts open.
    runRebuildCommand("rebuild-init.log");
    EventStoreGenerator.Result generated =
        EventStoreGenerator.generate(
            settings.jdbcUrl(settings.replayDatabase()),
            settings.pgUser(),
            settings.pgPassword(),
            settings.replayEvents(),
            settings.growthEvents(),
            42);
    System.out.printf(
        "generated %d events (%d transfers) through Axon's JDBC storage engine in %.1f s;"
            + " %s has %d events%n",
        generated.events(),
        generated.transfers(),
        generated.took().toNanos() / 1e9,
        generated.whaleAccountId(),
        generated.whaleEvents());
    markSeenByTheOtherProcessors();
    String output = runRebuildCommand("rebuild.log");
    Matcher rebuilt = REBUILT.matcher(output);
    if (!rebuilt.find()) {
      throw new IllegalStateException(
          "the rebuild command printed no figures; see " + settings.workDir());
    }
    rebuildEvents = Long.parseLong(rebuilt.group(1));
    rebuildEventsPerSecond = Double.parseDouble(rebuilt.group(3));
    System.out.printf(
        "rebuild (--economy.rebuild=true): %d events in %s s, %.0f events/s%n",
        rebuildEvents, rebuilt.group(2), rebuildEventsPerSecond);
    checkReadModels();
  }

  private String runRebuildCommand(String logName) throws IOException, InterruptedException {
    try (Backend rebuild =
        Backend.start(
            settings, settings.replayDatabase(), logName, List.of("--economy.rebuild=true"))) {
      if (!rebuild.process().waitFor(3, TimeUnit.HOURS) || rebuild.process().exitValue() != 0) {
        throw new IllegalStateException(
            "the rebuild command failed; see " + settings.workDir().resolve(logName));
      }
    }
    return Files.readString(settings.workDir().resolve(logName), StandardCharsets.UTF_8);
  }

  /**
   * The processors that the rebuild does not reset (transfer-settlement, player-accounts, ...)
   * would have seen the generated events as they were written, in a live backend: their tokens go
   * to the head, so that the rebuild is timed alone and not beside a settlement processor finding
   * the generated (completed) transfers for the first time.
   */
  private void markSeenByTheOtherProcessors() throws SQLException {
    try (Connection connection = Databases.connect(settings, settings.replayDatabase());
        Statement statement = connection.createStatement()) {
      int updated =
          statement.executeUpdate(
              "update tokenentry set token = convert_to('{\"index\":' ||"
                  + " (select max(globalindex) from domainevententry) || ',\"gaps\":[]}', 'UTF8'),"
                  + " tokentype = 'org.axonframework.eventhandling.GapAwareTrackingToken', owner = null"
                  + " where processorname not in ('ledger-accounts', 'ledger-in-flight')");
      if (updated == 0) {
        throw new IllegalStateException(
            "no tokens of other processors found in " + settings.replayDatabase());
      }
    }
  }

  /** The rebuilt read models must add up: balances plus money in flight sum to zero. */
  private void checkReadModels() throws SQLException {
    try (Connection connection = Databases.connect(settings, settings.replayDatabase());
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "select (select coalesce(sum(balance_minor), 0) from account_balance)"
                    + " + (select coalesce(sum(amount_minor), 0) from transfer_in_flight),"
                    + " (select count(*) from account_history), (select count(*) from domainevententry where payloadtype in"
                    + " ('dev.economy.messages.ledger.AccountDebitedEvent', 'dev.economy.messages.ledger.AccountCreditedEvent',"
                    + " 'dev.economy.messages.ledger.AccountRefundedEvent'))")) {
      rows.next();
      long sum = rows.getLong(1);
      long history = rows.getLong(2);
      long movements = rows.getLong(3);
      System.out.printf(
          "read models after the rebuild: balances + in flight = %d (must be 0), %d history rows"
              + " for %d movements%n%n",
          sum, history, movements);
      if (sum != 0 || history != movements) {
        throw new IllegalStateException("the rebuilt read models do not add up");
      }
    }
  }

  // ---------------------------------------------------------------------------------- growth

  private void growth() throws Exception {
    String whale = "player:" + EventStoreGenerator.WHALE_PLAYER + ":wallet";
    try (Backend backend =
        Backend.start(settings, settings.replayDatabase(), "backend-growth.log", List.of())) {
      backend.awaitReady(Duration.ofMinutes(5));
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      ServiceTokens game = new ServiceTokens(http, backend.baseUrl(), settings.gameClient());
      // A new player (registration opens the wallet and bank).
      String fresh = LedgerTraffic.walletOf(Players.register(http, backend.baseUrl(), "g" + runId));
      String destination = "player:bench-p1:bank";
      transfer(http, backend, game, "fund-g" + runId, "system:payroll", fresh, FUNDING_MINOR);
      long coldStarted = System.nanoTime();
      transfer(http, backend, game, "g-cold-" + runId, whale, destination, 1);
      double coldMillis = (System.nanoTime() - coldStarted) / 1e6;
      for (int i = 0; i < 50; i++) {
        transfer(http, backend, game, "g-ww-" + runId + "-" + i, whale, destination, 1);
        transfer(http, backend, game, "g-fw-" + runId + "-" + i, fresh, destination, 1);
      }
      Histogram whaleMicros = new Histogram(60_000_000L, 3);
      Histogram freshMicros = new Histogram(60_000_000L, 3);
      for (int i = 0; i < settings.growthSamples(); i++) {
        // Alternating, so that a noisy moment of the machine hits both alike.
        whaleMicros.recordValue(
            transfer(http, backend, game, "g-w-" + runId + "-" + i, whale, destination, 1));
        freshMicros.recordValue(
            transfer(http, backend, game, "g-f-" + runId + "-" + i, fresh, destination, 1));
      }
      growthRatio =
          whaleMicros.getValueAtPercentile(50) / (double) freshMicros.getValueAtPercentile(50);
      System.out.printf(
          "growth: one client, transfers one after another, %d each, alternating%n"
              + "  from %s (%d earlier events): p50 %s, p99 %s, mean %.2f ms (its very first, loading every event: %.1f ms)%n"
              + "  from a new account: p50 %s, p99 %s, mean %.2f ms%n  ratio (p50) %.2f, ratio (mean) %.2f%n%n",
          settings.growthSamples(),
          whale,
          settings.growthEvents(),
          millis(whaleMicros, 50),
          millis(whaleMicros, 99),
          whaleMicros.getMean() / 1000,
          coldMillis,
          millis(freshMicros, 50),
          millis(freshMicros, 99),
          freshMicros.getMean() / 1000,
          growthRatio,
          whaleMicros.getMean() / freshMicros.getMean());
    }
  }

  /**
   * One transfer (an ingress batch of one), answers its latency in microseconds; a refusal stops
   * the benchmark.
   */
  private long transfer(
      HttpClient http,
      Backend backend,
      ServiceTokens caller,
      String key,
      String from,
      String to,
      long amount)
      throws IOException, InterruptedException {
    ObjectNode batch = LedgerTraffic.JSON.createObjectNode();
    batch
        .putArray("commands")
        .addObject()
        .put("type", "transfer")
        .put("idempotencyKey", key)
        .put("fromAccountId", from)
        .put("toAccountId", to)
        .put("amountMinor", amount)
        .put("reasonCode", "bench");
    long started = System.nanoTime();
    HttpResponse<String> response =
        post(http, backend, caller, "/api/v1/ingress/batch", batch.toString());
    long micros = (System.nanoTime() - started) / 1000;
    int status =
        LedgerTraffic.JSON.readTree(response.body()).path("results").path(0).path("status").asInt();
    if (status != 201) {
      throw new IllegalStateException("transfer " + key + " answered " + response.body());
    }
    return micros;
  }

  private HttpResponse<String> post(
      HttpClient http, Backend backend, ServiceTokens caller, String path, String json)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(backend.baseUrl() + path))
            .timeout(Duration.ofMinutes(5))
            .header("Authorization", caller.authorization());
    request
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          path + " answered " + response.statusCode() + " " + response.body());
    }
    return response;
  }

  // ---------------------------------------------------------------------------------- summary

  private void summary() {
    System.out.println("summary");
    if (single != null) {
      System.out.printf("  pgbench TPC-B: %.1f tps (mean of before and after)%n", pgbenchTps);
      System.out.printf(
          "  single transfers: %.1f/s = %.2fx pgbench (target >= 0.5x); p50 %s, p99 %s, p99.9 %s%n",
          single.acceptedPerSecond(),
          single.acceptedPerSecond() / pgbenchTps,
          millis(single.latencyMicros(), 50),
          millis(single.latencyMicros(), 99),
          millis(single.latencyMicros(), 99.9));
      System.out.printf(
          "  at half that rate (%.1f/s = %.2fx pgbench): p99 %s (target <= 20 ms), projection lag"
              + " p50 %s, p99 %s (target <= 100 ms)%n",
          half.acceptedPerSecond(),
          half.acceptedPerSecond() / pgbenchTps,
          millis(half.latencyMicros(), 99),
          millis(half.lag().micros(), 50),
          millis(half.lag().micros(), 99));
      System.out.printf(
          "  ingress batches: %.1f transfers/s = %.2fx pgbench (target >= 2x); batch p50 %s, p99 %s%n",
          batch.acceptedPerSecond(),
          batch.acceptedPerSecond() / pgbenchTps,
          millis(batch.latencyMicros(), 50),
          millis(batch.latencyMicros(), 99));
      System.out.printf(
          "  errors: %d single, %d half-rate, %d in batches%n",
          single.failed(), half.failed(), batch.failed());
      System.out.printf(
          "  resident memory of the backend under load: %s (target <= 768 MB)%n",
          rssPeakKb > 0 ? rssPeakKb / 1024 + " MB" : "unknown");
    }
    if (!Double.isNaN(rebuildEventsPerSecond)) {
      System.out.printf(
          "  rebuild: %.0f events/s over %d events (target >= 50,000)%n",
          rebuildEventsPerSecond, rebuildEvents);
    }
    if (!Double.isNaN(growthRatio)) {
      System.out.printf("  growth ratio: %.2f (target <= 1.1)%n", growthRatio);
    }
    System.out.println();
    System.out.println(
        "BENCHMARKS.md row (date | commit | machine, load | pgbench tps | single/s (x) p50/p99/p99.9"
            + " | half-rate p99, lag p50/p99 | ingress/s (x) | rebuild ev/s | growth | RSS | change):");
    System.out.printf(
        Locale.ROOT,
        "| %s | %s | %s cores, load %.1f | %s | %s | %s | %s | %s | %s | %s | |%n",
        Instant.now().truncatedTo(ChronoUnit.MINUTES),
        commit(),
        Runtime.getRuntime().availableProcessors(),
        Machine.loadAverage(),
        single == null ? "-" : String.format(Locale.ROOT, "%.0f", pgbenchTps),
        single == null
            ? "-"
            : String.format(
                Locale.ROOT,
                "%.0f (%.2fx) %s / %s / %s",
                single.acceptedPerSecond(),
                single.acceptedPerSecond() / pgbenchTps,
                millis(single.latencyMicros(), 50),
                millis(single.latencyMicros(), 99),
                millis(single.latencyMicros(), 99.9)),
        half == null
            ? "-"
            : String.format(
                Locale.ROOT,
                "%s at %.0f/s; lag %s / %s",
                millis(half.latencyMicros(), 99),
                half.acceptedPerSecond(),
                millis(half.lag().micros(), 50),
                millis(half.lag().micros(), 99)),
        batch == null
            ? "-"
            : String.format(
                Locale.ROOT,
                "%.0f (%.2fx)",
                batch.acceptedPerSecond(),
                batch.acceptedPerSecond() / pgbenchTps),
        Double.isNaN(rebuildEventsPerSecond)
            ? "-"
            : String.format(Locale.ROOT, "%.0f", rebuildEventsPerSecond),
        Double.isNaN(growthRatio) ? "-" : String.format(Locale.ROOT, "%.2f", growthRatio),
        rssPeakKb > 0 ? rssPeakKb / 1024 + " MB" : "-");
  }

  private static String commit() {
    String commit = System.getenv("BENCH_COMMIT");
    return commit == null || commit.isBlank() ? "unknown" : commit;
  }
}
