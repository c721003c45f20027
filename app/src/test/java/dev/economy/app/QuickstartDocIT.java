package dev.economy.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

/**
 * docs/quickstart.md, run as written (the page's last section says how): every {@code sh} block in
 * order, in one bash, against the jar that {@code ./mvnw verify} has just built, each block's
 * output compared with the {@code text} block after it. A command, an expected output or the jar's
 * command drifting from the page fails here.
 *
 * <p>Runs in the integration-test phase (maven-failsafe, app/pom.xml), after {@code package}: the
 * page starts the packaged jar. The only block it skips is the build, marked in the page's source.
 */
class QuickstartDocIT {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path PAGE = ROOT.resolve("docs/quickstart.md");
  private static final Path JAR = ROOT.resolve("app/target/app-0.1.0-SNAPSHOT.jar");

  /** Put before a block in the page's source: the test does not run it. */
  private static final String NOT_RUN = "<!-- not run by QuickstartDocIT";

  private static final Pattern FENCE =
      Pattern.compile("(?m)^```([a-z]*)\\n(.*?)^```\\n", Pattern.DOTALL);
  private static final String BLOCK_END = "@@ end of quickstart block @@";

  record Block(String code, Optional<String> expected) {}

  @Test
  void theQuickstartRunsAsWrittenAndBobSeesWhatAlicePaidHim() throws Exception {
    assertThat(JAR).as("the packaged jar (this test runs after `package`)").isRegularFile();
    List<Block> blocks = blocks(Files.readString(PAGE));
    assertThat(blocks).as("sh blocks of %s", PAGE).hasSizeGreaterThanOrEqualTo(7);
    assertThat(blocks.stream().filter(block -> block.expected().isPresent()).count())
        .as("blocks with an expected output")
        .isGreaterThanOrEqualTo(3);

    Path work = Files.createTempDirectory("quickstart");
    // The page's paths are the checkout's (app/target/...); its files (secrets, log, pid) go here.
    Files.createSymbolicLink(work.resolve("app"), ROOT.resolve("app"));
    Path script = work.resolve("quickstart.sh");
    Path output = work.resolve("quickstart.out");
    StringBuilder text = new StringBuilder("set -euo pipefail\n");
    for (Block block : blocks) {
      text.append(block.code()).append("\necho '").append(BLOCK_END).append("'\n");
    }
    Files.writeString(script, text);

    ProcessBuilder bash =
        new ProcessBuilder("bash", script.toString())
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    Map<String, String> env = bash.environment();
    env.remove("ECONOMY_AUTH_SERVICE_CLIENTS");
    env.put(
        "PATH",
        Path.of(System.getProperty("java.home"), "bin")
            + ":"
            + env.getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("ECONOMY_DB_URL", database());
    env.put("ECONOMY_DB_USER", env("ECONOMY_TEST_DB_USER", "postgres"));
    env.put("ECONOMY_DB_PASSWORD", env("ECONOMY_TEST_DB_PASSWORD", ""));
    env.put("ECONOMY_REDIS_DATABASE", env("ECONOMY_TEST_REDIS_DB", "15"));
    env.put("SERVER_PORT", Integer.toString(freePort()));
    // The suite's other tests register players from this address in the same Redis database.
    env.put("ECONOMY_AUTH_REGISTRATIONS_PER_ADDRESS_MAX", "100000");
    try {
      Process process = bash.start();
      boolean ended = process.waitFor(10, TimeUnit.MINUTES);
      if (!ended) {
        process.destroyForcibly();
      }
      String printed = Files.readString(output, StandardCharsets.UTF_8);
      String context =
          "the quickstart printed:\n" + printed + "\n--- economy.log (tail) ---\n" + logTail(work);
      assertThat(ended).as("ended within 10 minutes; " + context).isTrue();
      assertThat(process.exitValue()).as("exit status; " + context).isZero();

      String[] outputs = printed.split(Pattern.quote(BLOCK_END) + "\\n", -1);
      assertThat(outputs).as(context).hasSize(blocks.size() + 1);
      for (int i = 0; i < blocks.size(); i++) {
        Optional<String> expected = blocks.get(i).expected();
        if (expected.isPresent()) {
          assertThat(outputs[i])
              .as("output of block %d:%n%s%n%s", i + 1, blocks.get(i).code(), context)
              .isEqualTo(expected.get());
        }
      }
      // What the page is for: bob's balance and history show the 25.00 alice paid him, alice has
      // the rest.
      String last = outputs[blocks.size() - 2];
      assertThat(last)
          .startsWith("2500\n")
          .contains("\"entryType\":\"CREDIT\",\"amountMinor\":2500")
          .endsWith("7500\n");
      assertThat(logTail(work)).doesNotContain("ECONOMY_AUTH_SERVICE_CLIENTS is empty");
    } finally {
      stopTheServer(work);
      FileSystemUtils.deleteRecursively(work);
    }
  }

  /**
   * The page's sh blocks in order, each with the text block right after it (its expected output),
   * if any. A text block after anything else is an expectation nothing checks: refused.
   */
  static List<Block> blocks(String page) {
    List<Block> blocks = new ArrayList<>();
    Matcher fence = FENCE.matcher(page);
    int previousEnd = 0;
    boolean afterRunBlock = false;
    while (fence.find()) {
      String info = fence.group(1);
      String before = page.substring(previousEnd, fence.start()).strip();
      previousEnd = fence.end();
      if (info.equals("sh") && !lastLine(before).startsWith(NOT_RUN)) {
        blocks.add(new Block(fence.group(2), Optional.empty()));
        afterRunBlock = true;
      } else if (info.equals("text")) {
        if (!afterRunBlock) {
          throw new IllegalStateException(
              "a text block that follows no sh block the test runs: " + fence.group(2));
        }
        Block run = blocks.remove(blocks.size() - 1);
        blocks.add(new Block(run.code(), Optional.of(fence.group(2))));
        afterRunBlock = false;
      } else {
        afterRunBlock = false;
      }
    }
    return blocks;
  }

  private static String lastLine(String text) {
    int newline = text.lastIndexOf('\n');
    return newline < 0 ? text : text.substring(newline + 1);
  }

  /** A database of its own, freshly made: {@code <ECONOMY_TEST_DB>_quickstart}. */
  private static String database() throws Exception {
    String server = env("ECONOMY_TEST_PG", "jdbc:postgresql://127.0.0.1:5432");
    String name = env("ECONOMY_TEST_DB", "economy_it") + "_quickstart";
    try (Connection c =
            DriverManager.getConnection(
                server + "/postgres",
                env("ECONOMY_TEST_DB_USER", "postgres"),
                env("ECONOMY_TEST_DB_PASSWORD", ""));
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + name);
    }
    return server + "/" + name;
  }

  private static void stopTheServer(Path work) throws IOException {
    Path pid = work.resolve("economy.pid");
    if (Files.isRegularFile(pid)) {
      ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()))
          .ifPresent(
              server -> {
                server.destroy();
                server
                    .onExit()
                    .orTimeout(60, TimeUnit.SECONDS)
                    .exceptionally(
                        timeout -> {
                          server.destroyForcibly();
                          return server;
                        })
                    .join();
              });
    }
  }

  private static String logTail(Path work) throws IOException {
    Path log = work.resolve("economy.log");
    if (!Files.isRegularFile(log)) {
      return "(no economy.log)";
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
