package dev.economy.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.economy.messages.ledger.LedgerRules;
import dev.economy.messages.ledger.SystemAccount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.util.FileSystemUtils;

/**
 * ops/scripts/backup.sh and restore.sh, run as an operator runs them, against a database of this
 * test's own: the backend moves money, the backup is taken, the database is dropped, the restore
 * brings it back, and the balances, the history, the events and the tracking tokens are identical;
 * the backend then starts on the restored database and goes on from there.
 */
class BackupRestoreIT {

  private static final String ALL_ROLES = "command,query,projections,sagas";
  private static final Duration WAIT_MAX = Duration.ofSeconds(90);

  /** What must come back identical, each as one ordered query. */
  private static final Map<String, String> STATE =
      Map.of(
          "balances",
              "select account_id, owner_id, kind, status, balance_minor, in_flight_out_minor, version"
                  + " from account_balance order by account_id",
          "history", "select * from account_history order by 1, 2",
          "money supply", "select * from money_supply order by account_id",
          "events",
              "select globalindex, aggregateidentifier, sequencenumber, eventidentifier, payloadtype,"
                  + " md5(payload) from domainevententry order by globalindex",
          "tokens", "select processorname, segment, md5(token) from tokenentry order by 1, 2");

  @Test
  void aBackupRestoredIntoAWipedDatabaseGivesBackTheSameLedger() throws Exception {
    String url = SentryIT.OwnDatabase.create("backup");
    String database = url.substring(url.lastIndexOf('/') + 1);
    Path work = Files.createTempDirectory("backup-it");
    Map<String, List<Map<String, Object>>> before;
    String player = OpsLedger.uniquePlayer("backup");
    String wallet = LedgerRules.walletAccountId(player);
    String bank = LedgerRules.bankAccountId(player);

    ConfigurableApplicationContext app = RoleApplications.start(ALL_ROLES, url);
    try {
      OpsLedger ledger =
          new OpsLedger(app.getBean(CommandGateway.class), app.getBean(JdbcTemplate.class));
      ledger.openPlayer(player);
      ledger.transfer(player + "-1", SystemAccount.PAYROLL.accountId(), wallet, 1_000);
      ledger.awaitBalance(wallet, 1_000);
      ledger.transfer(player + "-2", wallet, bank, 400);
      ledger.awaitBalance(bank, 400);
      ledger.transfer(player + "-3", bank, SystemAccount.FEES.accountId(), 15);
      ledger.awaitBalance(bank, 385);
      ledger.awaitBalance(wallet, 600);
      awaitCaughtUp(app.getBean(JdbcTemplate.class));
    } finally {
      app.close();
    }
    try (Db db = new Db(url)) {
      before = db.state();
    }
    assertThat(before.get("history")).hasSizeGreaterThanOrEqualTo(4);

    Path backup = work.resolve("economy.dump");
    Tools.Result backedUp = script(url, "backup.sh", backup.toString());
    assertThat(backedUp.exitCode()).as(backedUp.output()).isZero();
    assertThat(backup).isNotEmptyFile();
    assertThat(work.resolve("economy.dump.sha256")).isNotEmptyFile();

    // Wipe: the database is gone.
    dropDatabase(url, database);
    assertThat(databaseExists(url, database)).isFalse();

    Tools.Result refused = script(url, "restore.sh", backup.toString());
    assertThat(refused.exitCode()).as("restore without --yes").isEqualTo(2);
    Tools.Result restored = script(url, "restore.sh", backup.toString(), "--yes");
    assertThat(restored.exitCode()).as(restored.output()).isZero();

    try (Db db = new Db(url)) {
      Map<String, List<Map<String, Object>>> after = db.state();
      for (String part : STATE.keySet()) {
        assertThat(after.get(part)).as(part + " after the restore").isEqualTo(before.get(part));
      }
    }

    // The backend runs on the restored database: it reads the same balance and goes on.
    app = RoleApplications.start(ALL_ROLES, url);
    try {
      JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
      OpsLedger ledger = new OpsLedger(app.getBean(CommandGateway.class), jdbc);
      assertThat(ledger.transfer(player + "-2", wallet, bank, 400).replayed())
          .as("the idempotency key of a transfer before the backup is known after the restore")
          .isTrue();
      ledger.transfer(player + "-4", wallet, bank, 100);
      ledger.awaitBalance(bank, 485);
      ledger.awaitBalance(wallet, 500);
    } finally {
      app.close();
      FileSystemUtils.deleteRecursively(work);
    }
  }

  private static Tools.Result script(String url, String name, String... args) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of("bash", Tools.ROOT.resolve("ops/scripts").resolve(name).toString()));
    command.addAll(List.of(args));
    return Tools.run(
        Tools.ROOT,
        300,
        command,
        "ECONOMY_DB_URL",
        url,
        "ECONOMY_DB_USER",
        System.getProperty("economy.db.user", "postgres"),
        "ECONOMY_DB_PASSWORD",
        System.getProperty("economy.db.password", ""));
  }

  /** Waits until every processor's tokens are at the head of the event store. */
  private static void awaitCaughtUp(JdbcTemplate jdbc) {
    await()
        .atMost(WAIT_MAX)
        .until(
            () -> {
              Long head =
                  jdbc.queryForObject("select max(globalindex) from domainevententry", Long.class);
              List<String> tokens =
                  jdbc.queryForList(
                      "select convert_from(token, 'UTF8') from tokenentry", String.class);
              return !tokens.isEmpty()
                  && tokens.stream().allMatch(t -> t != null && t.contains("\"index\":" + head));
            });
  }

  private static void dropDatabase(String url, String database) throws SQLException {
    try (Connection c =
            DriverManager.getConnection(
                url.substring(0, url.lastIndexOf('/')) + "/postgres",
                System.getProperty("economy.db.user", "postgres"),
                System.getProperty("economy.db.password", ""));
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE " + database + " WITH (FORCE)");
    }
  }

  private static boolean databaseExists(String url, String database) throws SQLException {
    try (Connection c =
            DriverManager.getConnection(
                url.substring(0, url.lastIndexOf('/')) + "/postgres",
                System.getProperty("economy.db.user", "postgres"),
                System.getProperty("economy.db.password", ""));
        Statement s = c.createStatement();
        var rows = s.executeQuery("select 1 from pg_database where datname = '" + database + "'")) {
      return rows.next();
    }
  }

  /** One connection to the test's database, for reading its state. */
  private static final class Db implements AutoCloseable {
    private final SingleConnectionDataSource dataSource;
    private final JdbcTemplate jdbc;

    Db(String url) {
      dataSource =
          new SingleConnectionDataSource(
              url,
              System.getProperty("economy.db.user", "postgres"),
              System.getProperty("economy.db.password", ""),
              true);
      jdbc = new JdbcTemplate(dataSource);
    }

    Map<String, List<Map<String, Object>>> state() {
      Map<String, List<Map<String, Object>>> state = new java.util.TreeMap<>();
      STATE.forEach((part, sql) -> state.put(part, jdbc.queryForList(sql)));
      return state;
    }

    @Override
    public void close() {
      dataSource.destroy();
    }
  }
}
