package dev.economy.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The backend under test: either a process this benchmark starts from the packaged jar (and stops
 * at the end), or one already running at BENCH_URL. Its resident memory is read from /proc.
 */
final class Backend implements AutoCloseable {

  private final String baseUrl;
  private final Process process;
  private final long pid;
  private final AtomicLong rssPeakKb = new AtomicLong();
  private volatile boolean sampling;
  private Thread sampler;

  private Backend(String baseUrl, Process process, long pid) {
    this.baseUrl = baseUrl;
    this.process = process;
    this.pid = pid;
  }

  /** Starts the packaged application on the given database; extra arguments are passed on. */
  static Backend start(
      BenchSettings settings, String database, String logName, List<String> arguments)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(settings.appJar())) {
      throw new IllegalStateException(
          settings.appJar() + " is missing: build it first (ops/bench/run.sh does)");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (!settings.javaOptions().isBlank()) {
      command.addAll(List.of(settings.javaOptions().trim().split("\\s+")));
    }
    command.add("-jar");
    command.add(settings.appJar().toAbsolutePath().toString());
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.put("ECONOMY_DB_URL", settings.jdbcUrl(database));
    env.put("ECONOMY_DB_USER", settings.pgUser());
    env.put("ECONOMY_DB_PASSWORD", settings.pgPassword());
    env.put("ECONOMY_REDIS_DATABASE", Integer.toString(settings.redisDatabase()));
    env.put(
        "ECONOMY_AUTH_SERVICE_CLIENTS",
        settings.gameClient().configuration() + "," + settings.auditorClient().configuration());
    // The players register before the load (Players), all from this address; registration is not
    // measured, so its password hashing is the cheapest the backend accepts.
    env.put("ECONOMY_AUTH_REGISTRATIONS_PER_ADDRESS_MAX", "1000000");
    env.put("ECONOMY_PASSWORD_ARGON2_MEMORY_KIB", "8192");
    env.put("ECONOMY_PASSWORD_ARGON2_ITERATIONS", "1");
    int port = settings.port() > 0 ? settings.port() : freePort();
    env.put("SERVER_PORT", Integer.toString(port));
    Files.createDirectories(settings.workDir());
    Path log = settings.workDir().resolve(logName);
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    Process process = builder.start();
    Backend backend = new Backend("http://127.0.0.1:" + port, process, process.pid());
    return backend;
  }

  /** Another process on a fixed port would answer the readiness probe in our backend's place. */
  private static int freePort() throws IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** A backend somebody else runs; its memory is read only when BENCH_PID names its process. */
  static Backend running(String baseUrl) {
    String pid = System.getenv("BENCH_PID");
    return new Backend(
        baseUrl.replaceAll("/+$", ""),
        null,
        pid == null || pid.isBlank() ? -1 : Long.parseLong(pid));
  }

  String baseUrl() {
    return baseUrl;
  }

  Process process() {
    return process;
  }

  /** Waits until the health endpoint answers UP, or the process died, or the time ran out. */
  void awaitReady(Duration timeout) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (process != null && !process.isAlive()) {
        throw new IllegalStateException(
            "the backend exited with " + process.exitValue() + " while starting");
      }
      try {
        HttpResponse<String> response =
            client.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        "the backend at " + baseUrl + " was not ready within " + timeout);
  }

  /** Resident memory now, in kB (VmRSS), or empty when the process is unknown. */
  OptionalLong rssKb() {
    if (pid < 0) {
      return OptionalLong.empty();
    }
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
        }
      }
    } catch (IOException | RuntimeException gone) {
      // the process ended
    }
    return OptionalLong.empty();
  }

  /** Samples RSS every 200 ms until stopped, keeping the peak. */
  void startSampling() {
    rssPeakKb.set(0);
    sampling = true;
    sampler =
        new Thread(
            () -> {
              while (sampling) {
                rssKb().ifPresent(kb -> rssPeakKb.accumulateAndGet(kb, Math::max));
                try {
                  Thread.sleep(200);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "rss-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Stops sampling and answers the peak RSS in kB seen since {@link #startSampling()}. */
  long stopSampling() throws InterruptedException {
    sampling = false;
    if (sampler != null) {
      sampler.interrupt();
      sampler.join();
    }
    rssKb().ifPresent(kb -> rssPeakKb.accumulateAndGet(kb, Math::max));
    return rssPeakKb.get();
  }

  @Override
  public void close() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
