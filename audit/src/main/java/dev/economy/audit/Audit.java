package dev.economy.audit;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * The auditor's command (docs/operations.md, "For auditors"): replays the event store up to a
 * position, checks the ledger's invariants after every event and the read models against the
 * replay, and writes a JSON and an HTML report.
 *
 * <p>Exit codes: 0 no violation, 1 at least one violation, 2 a usage or connection error (or the
 * read models could not be compared although {@code --compare-read-models} asked for it).
 */
public final class Audit {

  static final int OK = 0;
  static final int VIOLATIONS = 1;
  static final int ERROR = 2;

  static final String USAGE =
      """
      usage: java -jar audit.jar [options]
        --db-url URL             JDBC URL of the event store (env ECONOMY_DB_URL)
        --db-user USER           (env ECONOMY_DB_USER, default postgres)
        --db-password PASSWORD   (env ECONOMY_DB_PASSWORD, default empty)
        --to-position N          audit up to global position N (default: the head at start)
        --report-json PATH       default audit-report.json
        --report-html PATH       default audit-report.html
        --compare-read-models    the read models must be compared: wait for the projections
                                 (--wait-seconds) and exit 2 when they cannot be
        --skip-read-models       do not compare the read models
        --wait-seconds S         how long --compare-read-models waits (default 60)
        --page-size N            events per query (default 10000)
        --progress-every N       a progress line on stderr every N events (default 100000)
      exit code: 0 no violation, 1 violations, 2 usage or connection error
      """;

  /** What one run did besides the replay, for the report. */
  record Run(
      Instant auditedAt,
      long snapshotPosition,
      double seconds,
      boolean readModelsCompared,
      String readModelsNote) {}

  static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }

  static final class Settings {
    String dbUrl = System.getenv("ECONOMY_DB_URL");
    String dbUser = envOr("ECONOMY_DB_USER", "postgres");
    String dbPassword = envOr("ECONOMY_DB_PASSWORD", "");
    Long toPosition;
    Path reportJson = Path.of("audit-report.json");
    Path reportHtml = Path.of("audit-report.html");
    boolean compareReadModels;
    boolean skipReadModels;
    int waitSeconds = 60;
    int pageSize = 10_000;
    long progressEvery = 100_000;

    static Settings parse(String[] args) throws UsageException {
      Settings s = new Settings();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "--compare-read-models" -> s.compareReadModels = true;
          case "--skip-read-models" -> s.skipReadModels = true;
          case "--help", "-h" -> throw new UsageException(null);
          default -> {
            if (i + 1 >= args.length || !arg.startsWith("--")) {
              throw new UsageException("unknown or incomplete option: " + arg);
            }
            String value = args[++i];
            switch (arg) {
              case "--db-url" -> s.dbUrl = value;
              case "--db-user" -> s.dbUser = value;
              case "--db-password" -> s.dbPassword = value;
              case "--to-position" -> s.toPosition = number(arg, value);
              case "--report-json" -> s.reportJson = Path.of(value);
              case "--report-html" -> s.reportHtml = Path.of(value);
              case "--wait-seconds" -> s.waitSeconds = (int) number(arg, value);
              case "--page-size" -> s.pageSize = (int) Math.max(1, number(arg, value));
              case "--progress-every" -> s.progressEvery = Math.max(1, number(arg, value));
              default -> throw new UsageException("unknown option: " + arg);
            }
          }
        }
      }
      if (s.dbUrl == null || s.dbUrl.isBlank()) {
        throw new UsageException("no database: give --db-url or set ECONOMY_DB_URL");
      }
      if (s.compareReadModels && s.skipReadModels) {
        throw new UsageException("--compare-read-models and --skip-read-models contradict");
      }
      return s;
    }

    private static long number(String option, String value) throws UsageException {
      try {
        long n = Long.parseLong(value);
        if (n < 0) {
          throw new NumberFormatException();
        }
        return n;
      } catch (NumberFormatException e) {
        throw new UsageException(option + " needs a whole number >= 0, not " + value);
      }
    }

    private static String envOr(String name, String fallback) {
      String value = System.getenv(name);
      return value == null ? fallback : value;
    }
  }

  private final Settings settings;
  private final PrintStream err;

  Audit(Settings settings, PrintStream err) {
    this.settings = settings;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.err));
  }

  /** Runs the audit and returns its exit code. */
  static int run(String[] args, PrintStream err) {
    Settings settings;
    try {
      settings = Settings.parse(args);
    } catch (UsageException e) {
      if (e.getMessage() != null) {
        err.println("audit: " + e.getMessage());
      }
      err.print(USAGE);
      return e.getMessage() == null ? OK : ERROR;
    }
    try {
      return new Audit(settings, err).run();
    } catch (SQLException e) {
      err.println("audit: database error: " + e.getMessage());
      return ERROR;
    } catch (Exception e) {
      err.println("audit: failed: " + e);
      return ERROR;
    }
  }

  int run() throws Exception {
    Instant auditedAt = Instant.now();
    long started = System.nanoTime();
    LedgerReplay replay = new LedgerReplay();
    EventReader reader = new EventReader(settings.pageSize);
    long snapshot;
    boolean compared = false;
    String note;
    try (Connection connection =
        DriverManager.getConnection(settings.dbUrl, settings.dbUser, settings.dbPassword)) {
      // One snapshot of the whole database: events committed after it are not read, and the
      // projections' tokens and rows are read as they were at the same instant.
      connection.setAutoCommit(false);
      connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      connection.setReadOnly(true);
      long head = EventReader.head(connection);
      snapshot = settings.toPosition == null ? head : settings.toPosition;
      if (settings.toPosition != null && settings.toPosition > head) {
        err.printf("audit: the store ends at position %d, before %d%n", head, settings.toPosition);
      }
      Progress progress = new Progress(snapshot);
      reader.read(connection, -1, snapshot, event -> progress.folded(replay, event));
      progress.done(replay);
      if (settings.skipReadModels) {
        note = "skipped (--skip-read-models)";
      } else {
        note = compareReadModels(connection, reader, replay, snapshot, progress);
        compared = note.startsWith("compared");
      }
      connection.rollback();
    }
    if (settings.compareReadModels && !compared) {
      err.println("audit: the read models could not be compared: " + note);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    Map<String, Object> report =
        Report.build(replay, new Run(auditedAt, snapshot, seconds, compared, note));
    Report.writeJson(report, settings.reportJson);
    Report.writeHtml(report, settings.reportHtml);
    err.printf(
        "audit: %d events to position %d, %d violation(s); read models: %s; report in %s and %s%n",
        replay.events(),
        replay.lastPosition(),
        replay.violationCount(),
        note,
        settings.reportJson,
        settings.reportHtml);
    if (settings.compareReadModels && !compared) {
      return ERROR;
    }
    return replay.violationCount() == 0 ? OK : VIOLATIONS;
  }

  /**
   * Compares the read models when the projections have processed at least the audited position,
   * reading on to the projections' position first (so that the rows and the replay describe the
   * same events). Returns what happened, starting with "compared" when the rows were compared.
   */
  private String compareReadModels(
      Connection connection,
      EventReader reader,
      LedgerReplay replay,
      long snapshot,
      Progress progress)
      throws SQLException, InterruptedException {
    ReadModels readModels = new ReadModels();
    long deadline = System.nanoTime() + settings.waitSeconds * 1_000_000_000L;
    while (true) {
      ReadModels.Position at = readModels.projectionsPosition(connection);
      String reason = at.reason();
      if (reason == null && at.position() < snapshot) {
        reason =
            "the projections are behind: at position "
                + at.position()
                + ", the audit at "
                + snapshot;
      }
      if (reason == null && at.position() > snapshot && settings.toPosition != null) {
        reason =
            "the projections are at position "
                + at.position()
                + ", past --to-position "
                + settings.toPosition;
      }
      if (reason == null) {
        if (at.position() > replay.lastPosition()) {
          reader.read(
              connection,
              Math.max(replay.lastPosition(), snapshot),
              at.position(),
              event -> progress.folded(replay, event));
        }
        readModels.compare(connection, replay, at.position());
        return "compared at position " + at.position();
      }
      if (!settings.compareReadModels || System.nanoTime() > deadline) {
        return "not compared: " + reason;
      }
      err.println("audit: waiting for the projections: " + reason);
      // A new snapshot: the events already read are still there, newer tokens become visible.
      connection.rollback();
      Thread.sleep(1000);
    }
  }

  /** A progress line on stderr every so many events, with the rate. */
  private final class Progress {
    private final long target;
    private final long started = System.nanoTime();
    private long lastLine = started;
    private long lastEvents;

    Progress(long target) {
      this.target = target;
    }

    void folded(LedgerReplay replay, StoredEvent event) {
      replay.apply(event);
      if (replay.events() % settings.progressEvery == 0) {
        long now = System.nanoTime();
        err.printf(
            Locale.ROOT,
            "audit: %,d events, position %,d of %,d (%.0f%%), %,.0f events/s%n",
            replay.events(),
            event.globalIndex(),
            target,
            target <= 0 ? 100.0 : 100.0 * event.globalIndex() / target,
            (replay.events() - lastEvents) / Math.max((now - lastLine) / 1e9, 1e-9));
        lastLine = now;
        lastEvents = replay.events();
      }
    }

    void done(LedgerReplay replay) {
      double seconds = (System.nanoTime() - started) / 1e9;
      err.printf(
          Locale.ROOT,
          "audit: replayed %,d events to position %,d in %.1f s: %,.0f events/s%n",
          replay.events(),
          replay.lastPosition(),
          seconds,
          replay.events() / Math.max(seconds, 1e-9));
    }
  }
}
