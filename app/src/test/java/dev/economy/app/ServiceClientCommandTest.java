package dev.economy.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.economy.command.players.ServiceClientsProbe;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The jar's command that makes a service client's credentials (docs/quickstart.md): what it prints
 * is a secret the exchange accepts and an entry ECONOMY_AUTH_SERVICE_CLIENTS accepts for it, and it
 * runs without a server, a database or Redis.
 */
class ServiceClientCommandTest {

  @Test
  void itPrintsANewSecretAndTheEntryOfItsDigestWhichTheSettingAcceptsForThatSecretAndRole()
      throws Exception {
    Map<String, String> printed = run("quickstart-admin", "admin");

    String secret = printed.get("ECONOMY_CLIENT_SECRET");
    assertThat(printed.get("ECONOMY_CLIENT_ID")).isEqualTo("quickstart-admin");
    // 32 random bytes, URL-safe Base64 without padding: safe in a shell assignment, a URL and JSON.
    assertThat(secret).matches("[A-Za-z0-9_-]{43}");
    String digest =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
    assertThat(printed.get("ECONOMY_SERVICE_CLIENT_ENTRY"))
        .isEqualTo("quickstart-admin:admin:" + digest);
    assertThat(
            ServiceClientsProbe.roleOf(
                printed.get("ECONOMY_SERVICE_CLIENT_ENTRY"), "quickstart-admin", secret))
        .hasValue("admin");
    assertThat(
            ServiceClientsProbe.roleOf("game-eu1:game-server:" + digest, "game-eu1", secret + "x"))
        .isEmpty();
  }

  @Test
  void everyRunMakesANewSecret() throws Exception {
    Set<String> secrets = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      secrets.add(run("game-eu1", "game-server").get("ECONOMY_CLIENT_SECRET"));
    }
    assertThat(secrets).hasSize(20);
  }

  @Test
  void aRoleOrClientIdTheServerWouldRefuseIsRefusedWithUsageStatusAndPrintsNoSecret() {
    for (String[] args :
        List.of(
            new String[] {"x", "superuser"},
            new String[] {"Game EU", "admin"},
            new String[] {"tool", "player"},
            new String[] {"only-one"},
            new String[] {})) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int status =
          ServiceClientCommand.run(
              args,
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));
      assertThat(status).as(String.join(" ", args)).isEqualTo(2);
      assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
      assertThat(err.toString(StandardCharsets.UTF_8)).isNotBlank();
    }
  }

  /**
   * As a user runs it: the application's main, in a JVM of its own, with no database or Redis
   * reachable.
   */
  @Test
  void theApplicationsMainRunsItWithoutStartingTheServerOrReachingADatabase() throws Exception {
    Path output = Files.createTempFile("service-client", ".txt");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  EconomyApplication.class.getName(),
                  ServiceClientCommand.NAME,
                  "game-eu1",
                  "game-server")
              .redirectErrorStream(true)
              .redirectOutput(output.toFile());
      builder.environment().put("ECONOMY_DB_URL", "jdbc:postgresql://127.0.0.1:1/nowhere");
      builder.environment().put("ECONOMY_REDIS_PORT", "1");
      Process process = builder.start();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exits").isTrue();
      String printed = Files.readString(output);
      assertThat(process.exitValue()).as(printed).isZero();
      assertThat(printed)
          .contains("ECONOMY_SERVICE_CLIENT_ENTRY=game-eu1:game-server:")
          .doesNotContain("Started", "Netty", "Hikari");
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static Map<String, String> run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        ServiceClientCommand.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    Map<String, String> assignments = new LinkedHashMap<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      // Every other line is a shell assignment NAME=value, which `.` (source) reads.
      assertThat(line).matches("[A-Z_]+=[A-Za-z0-9_.:-]+");
      assignments.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
    }
    assertThat(assignments)
        .containsOnlyKeys(
            "ECONOMY_CLIENT_ID", "ECONOMY_CLIENT_SECRET", "ECONOMY_SERVICE_CLIENT_ENTRY");
    return assignments;
  }
}
