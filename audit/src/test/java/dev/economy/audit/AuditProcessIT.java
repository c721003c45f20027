package dev.economy.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.economy.messages.ledger.SystemAccount;
import dev.economy.testsupport.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit as cron runs it: its own JVM, its main class, settings from the environment variables
 * the application uses, and nothing but the exit code and the report files to go by.
 */
class AuditProcessIT {

  @TempDir Path dir;

  @Test
  void exitCodesOfARealProcess() throws Exception {
    TestStore store = TestStore.create("audit_process").withSystemAccounts();
    String alice = store.wallet("alice");
    store.transfer(SystemAccount.PAYROLL.accountId(), alice, 100);
    store.flush();
    Map<String, String> env =
        Map.of(
            "ECONOMY_DB_URL", store.url,
            "ECONOMY_DB_USER", TestDatabase.user(),
            "ECONOMY_DB_PASSWORD", TestDatabase.password());

    assertThat(run(env)).isEqualTo(0);
    assertThat(dir.resolve("audit-report.json")).isNotEmptyFile();
    assertThat(dir.resolve("audit-report.html")).isNotEmptyFile();

    store.credit("forged", "forged", SystemAccount.PAYROLL.accountId(), alice, 1);
    store.flush();
    assertThat(run(env)).isEqualTo(1);
    assertThat(Files.readString(dir.resolve("audit-report.html"))).contains("violation");

    assertThat(run(Map.of("ECONOMY_DB_URL", "jdbc:postgresql://127.0.0.1:1/nothing"))).isEqualTo(2);
    assertThat(run(Map.of(), "--bogus")).isEqualTo(2);
  }

  private int run(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The main class on the module's class path: the test phase runs before the jar is packaged.
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Audit.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().remove("ECONOMY_DB_URL");
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    builder.redirectOutput(dir.resolve("audit.log").toFile());
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return process.exitValue();
  }
}
