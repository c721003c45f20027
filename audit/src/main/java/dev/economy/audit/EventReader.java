package dev.economy.audit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.economy.messages.ledger.AccountOpenedEvent;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads domainevententry in global order, in pages (keyset on globalindex), up to a position, and
 * deserializes the ledger's payloads (JSON, as Axon's JacksonSerializer wrote them) into the
 * records of {@code messages}. Types stored under a renamed package (architecture.md: the ledger
 * was once {@code bank}, the players context {@code identity}) are read under today's names, as the
 * application's RenamedPackagesUpcaster does.
 */
final class EventReader {

  /** Old package prefix to new one (app/.../axon/RenamedPackagesUpcaster). */
  static final List<Map.Entry<String, String>> RENAMED =
      List.of(
          Map.entry("dev.economy.messages.bank.", "dev.economy.messages.ledger."),
          Map.entry("dev.economy.messages.identity.", "dev.economy.messages.players."));

  private static final String LEDGER_PACKAGE = AccountOpenedEvent.class.getPackageName() + ".";
  private static final String MESSAGES_PACKAGE = "dev.economy.messages.";

  private final ObjectMapper json =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** Stored type name to its class (null: not a type of messages). */
  private final Map<String, Class<?>> types = new HashMap<>();

  private final Map<String, String> names = new HashMap<>();
  private final int pageSize;

  EventReader(int pageSize) {
    this.pageSize = pageSize;
  }

  /** The highest global position in the store, -1 when it is empty. */
  static long head(Connection connection) throws SQLException {
    try (PreparedStatement statement =
            connection.prepareStatement("select max(globalindex) from domainevententry");
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      long head = rows.getLong(1);
      return rows.wasNull() ? -1 : head;
    }
  }

  /** Every event after {@code after} up to {@code to} (both global positions), in global order. */
  void read(Connection connection, long after, long to, Consumer<StoredEvent> sink)
      throws SQLException {
    long last = after;
    try (PreparedStatement statement =
        connection.prepareStatement(
            "select globalindex, aggregateidentifier, sequencenumber, \"timestamp\", payloadtype,"
                + " payload from domainevententry where globalindex > ? and globalindex <= ?"
                + " order by globalindex limit ?")) {
      statement.setFetchSize(pageSize);
      while (true) {
        statement.setLong(1, last);
        statement.setLong(2, to);
        statement.setInt(3, pageSize);
        int rowsRead = 0;
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            rowsRead++;
            last = rows.getLong(1);
            sink.accept(event(rows, last));
          }
        }
        if (rowsRead < pageSize) {
          return;
        }
      }
    }
  }

  private StoredEvent event(ResultSet rows, long globalIndex) throws SQLException {
    String storedType = rows.getString(5);
    String type = names.computeIfAbsent(storedType, EventReader::renamed);
    Class<?> cls = types.computeIfAbsent(type, EventReader::classOf);
    Object payload = null;
    if (cls != null && type.startsWith(LEDGER_PACKAGE)) {
      try {
        payload = json.readValue(rows.getBytes(6), cls);
      } catch (IOException e) {
        // Edited or damaged: the audit reports it (a violation) and goes on.
        payload = new Unreadable(e.getMessage().lines().findFirst().orElse(""));
      }
    }
    return new StoredEvent(
        globalIndex,
        rows.getString(2),
        rows.getLong(3),
        rows.getString(4),
        type,
        cls != null,
        payload);
  }

  /** The payload of a ledger event that does not deserialize into its record. */
  record Unreadable(String reason) {}

  static String renamed(String type) {
    for (Map.Entry<String, String> rename : RENAMED) {
      if (type.startsWith(rename.getKey())) {
        return rename.getValue() + type.substring(rename.getKey().length());
      }
    }
    return type;
  }

  private static Class<?> classOf(String type) {
    if (!type.startsWith(MESSAGES_PACKAGE)) {
      return null;
    }
    try {
      return Class.forName(type, false, EventReader.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      return null;
    }
  }
}
