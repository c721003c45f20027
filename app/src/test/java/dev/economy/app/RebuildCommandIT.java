package dev.economy.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The rebuild command of docs/operations.md, run as an operator runs it: a separate JVM started
 * with --economy.rebuild=true, against a database of its own (so the shared test context's
 * processors do not hold its tokens). It must rebuild, say how many events it replayed, and exit
 * with 0.
 */
class RebuildCommandIT {

  private static final long TIMEOUT_SECONDS = 180;

  @Test
  void theRebuildCommandReplaysEveryEventPrintsTheFiguresAndExits() throws Exception {
    String database = System.getenv().getOrDefault("ECONOMY_TEST_DB", "economy_it") + "_rebuild";
    String server =
        System.getenv().getOrDefault("ECONOMY_TEST_PG", "jdbc:postgresql://127.0.0.1:5432");
    String user = System.getenv().getOrDefault("ECONOMY_TEST_DB_USER", "postgres");
    String password = System.getenv().getOrDefault("ECONOMY_TEST_DB_PASSWORD", "");
    try (Connection c = DriverManager.getConnection(server + "/postgres", user, password);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + database);
    }
    Path output = Files.createTempFile("rebuild", ".log");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                EconomyApplication.class.getName(),
                "--economy.rebuild=true",
                "--economy.db.url=" + server + "/" + database,
                "--economy.db.user=" + user,
                "--economy.db.password=" + password,
                "--spring.data.redis.database="
                    + System.getenv().getOrDefault("ECONOMY_TEST_REDIS_DB", "15")));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    boolean exited = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly();
    }
    String log = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(exited)
        .as("the rebuild command exits by itself; its output:\n" + tail(log))
        .isTrue();
    assertThat(process.exitValue()).as(tail(log)).isZero();
    // The five system accounts are opened at start-up, so there are events to replay.
    assertThat(log).containsPattern("rebuilt the read models from [1-9][0-9]* events in");
    try (Connection c = DriverManager.getConnection(server + "/" + database, user, password);
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery("select count(*) from account_balance where owner_id = 'system'")) {
      rows.next();
      assertThat(rows.getInt(1)).isEqualTo(5);
    }
    new File(output.toString()).delete();
  }

  private static String tail(String log) {
    return log.length() <= 4000 ? log : log.substring(log.length() - 4000);
  }
}
