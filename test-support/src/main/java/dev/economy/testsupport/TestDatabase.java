package dev.economy.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The integration tests run against the real PostgreSQL and Redis of the machine (see .ci/run).
 * Each test JVM starts from a freshly created database so runs never see each other's events. Maven
 * runs the modules one after the other, each module's tests in a JVM of its own: every module whose
 * tests need PostgreSQL prepares the database again, and none relies on what an earlier module's
 * tests left in it.
 *
 * <p>ECONOMY_TEST_PG (default jdbc:postgresql://127.0.0.1:5432), ECONOMY_TEST_DB (default
 * economy_it), ECONOMY_TEST_DB_USER (postgres), ECONOMY_TEST_REDIS_DB (15).
 */
public final class TestDatabase {
  private static boolean created;

  private TestDatabase() {}

  public static synchronized void prepare() {
    if (created) {
      return;
    }
    String server = env("ECONOMY_TEST_PG", "jdbc:postgresql://127.0.0.1:5432");
    String db = env("ECONOMY_TEST_DB", "economy_it");
    String user = env("ECONOMY_TEST_DB_USER", "postgres");
    String password = env("ECONOMY_TEST_DB_PASSWORD", "");
    try (Connection c = DriverManager.getConnection(server + "/postgres", user, password);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + db);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "PostgreSQL must be running for the tests (see README, 'Test it')", e);
    }
    System.setProperty("economy.db.url", server + "/" + db);
    System.setProperty("economy.db.user", user);
    System.setProperty("economy.db.password", password);
    System.setProperty("spring.data.redis.database", Integer.toString(redisDatabase()));
    System.setProperty("axoniq.update-checker.disabled", "true");
    created = true;
  }

  public static String jdbcUrl() {
    prepare();
    return System.getProperty("economy.db.url");
  }

  public static String user() {
    prepare();
    return System.getProperty("economy.db.user");
  }

  public static String password() {
    prepare();
    return System.getProperty("economy.db.password");
  }

  /** A new connection to the test database (the caller closes it). */
  public static Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), user(), password());
  }

  /** The Redis database of the tests (ECONOMY_TEST_REDIS_DB, default 15), on 127.0.0.1:6379. */
  public static int redisDatabase() {
    return Integer.parseInt(env("ECONOMY_TEST_REDIS_DB", "15"));
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
