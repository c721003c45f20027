package dev.economy.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** The benchmark's own databases, dropped and created afresh for each run. */
final class Databases {

  private Databases() {}

  static void recreate(BenchSettings settings, String name) {
    if (!name.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("database name " + name + " must be [a-z_][a-z0-9_]*");
    }
    try (Connection connection = connect(settings, "postgres");
        Statement statement = connection.createStatement()) {
      statement.execute("drop database if exists " + name + " with (force)");
      statement.execute("create database " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not recreate database " + name, e);
    }
  }

  static Connection connect(BenchSettings settings, String database) throws SQLException {
    return DriverManager.getConnection(
        settings.jdbcUrl(database), settings.pgUser(), settings.pgPassword());
  }
}
