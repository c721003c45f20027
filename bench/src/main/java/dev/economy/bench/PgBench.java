package dev.economy.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pgbench's default transaction (TPC-B-like: update an account, a teller and a branch balance, read
 * the account, insert a history row, commit) on the same PostgreSQL, with the same number of
 * clients: the in-place bank a server owner would write instead, and the yardstick that makes the
 * figures comparable on a noisy machine.
 */
final class PgBench {

  private static final Pattern TPS =
      Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
  private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");

  record Result(double tps, double latencyAverageMillis, double loadBefore, double loadAfter) {}

  private final BenchSettings settings;

  PgBench(BenchSettings settings) {
    this.settings = settings;
  }

  void initialise() throws IOException, InterruptedException {
    Databases.recreate(settings, settings.pgbenchDatabase());
    run(List.of("-i", "-q", "-s", Integer.toString(settings.pgbenchScale())));
  }

  Result run(Duration duration) throws IOException, InterruptedException {
    double before = Machine.loadAverage();
    String output =
        run(
            List.of(
                "-c",
                Integer.toString(settings.clients()),
                "-j",
                Integer.toString(
                    Math.min(settings.clients(), Runtime.getRuntime().availableProcessors())),
                "-T",
                Long.toString(Math.max(1, duration.toSeconds()))));
    Matcher tps = TPS.matcher(output);
    if (!tps.find()) {
      throw new IllegalStateException("pgbench printed no tps:\n" + output);
    }
    Matcher latency = LATENCY.matcher(output);
    return new Result(
        Double.parseDouble(tps.group(1)),
        latency.find() ? Double.parseDouble(latency.group(1)) : -1,
        before,
        Machine.loadAverage());
  }

  private String run(List<String> arguments) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                settings.pgbench(),
                "-h",
                settings.pgHost(),
                "-p",
                Integer.toString(settings.pgPort()),
                "-U",
                settings.pgUser()));
    command.addAll(arguments);
    command.add(settings.pgbenchDatabase());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (!settings.pgPassword().isEmpty()) {
      builder.environment().put("PGPASSWORD", settings.pgPassword());
    }
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
    }
    return output;
  }
}
