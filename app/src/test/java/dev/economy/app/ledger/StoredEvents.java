package dev.economy.app.ledger;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the event store the way an auditor would: every row of domainevententry in global order,
 * its payload deserialized with the application's own event serializer.
 */
final class StoredEvents {

  record StoredEvent(
      long globalIndex,
      String aggregateId,
      long sequenceNumber,
      Instant timestamp,
      Object payload) {}

  private StoredEvents() {}

  static List<StoredEvent> readAll(JdbcTemplate jdbc, Serializer serializer) {
    return read(jdbc, serializer, "", new Object[0]);
  }

  /** The events of one aggregate, in order. */
  static List<StoredEvent> readAggregate(
      JdbcTemplate jdbc, Serializer serializer, String aggregateId) {
    return read(jdbc, serializer, " where aggregateidentifier = ?", new Object[] {aggregateId});
  }

  private static List<StoredEvent> read(
      JdbcTemplate jdbc, Serializer serializer, String where, Object[] args) {
    return jdbc.query(
        "select globalindex, aggregateidentifier, sequencenumber, \"timestamp\", payload, payloadtype, payloadrevision"
            + " from domainevententry"
            + where
            + " order by globalindex",
        (rs, row) ->
            new StoredEvent(
                rs.getLong("globalindex"),
                rs.getString("aggregateidentifier"),
                rs.getLong("sequencenumber"),
                Instant.parse(rs.getString("timestamp")),
                serializer.deserialize(
                    new SimpleSerializedObject<>(
                        rs.getBytes("payload"),
                        byte[].class,
                        rs.getString("payloadtype"),
                        rs.getString("payloadrevision")))),
        args);
  }

  /** Counts events of one type, by the payload type Axon stored. */
  static long count(JdbcTemplate jdbc, Class<?> type) {
    Long count =
        jdbc.queryForObject(
            "select count(*) from domainevententry where payloadtype = ?",
            Long.class,
            type.getName());
    return count == null ? 0 : count;
  }
}
