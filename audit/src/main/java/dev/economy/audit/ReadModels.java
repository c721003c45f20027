package dev.economy.audit;

import dev.economy.audit.LedgerReplay.AccountState;
import dev.economy.audit.LedgerReplay.TransferState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * The ledger's read models (V2__ledger_read_models.sql) against the replay (invariant 5): every row
 * of account_balance, money_supply and transfer_in_flight. They can only be compared at the
 * position the projections have processed, read in the same snapshot as the rows themselves (their
 * tokens commit in the same transactions as their rows).
 */
final class ReadModels {

  /** The projections whose rows are compared (operations.md, "Read models and rebuilding them"). */
  static final List<String> PROCESSORS = List.of("ledger-accounts", "ledger-in-flight");

  private final JacksonSerializer tokens = JacksonSerializer.defaultSerializer();

  /**
   * Where the projections are in this snapshot: the one position every segment of both processors
   * has processed, or why there is none ({@code reason}).
   */
  record Position(long position, String reason) {
    boolean comparable() {
      return reason == null;
    }
  }

  Position projectionsPosition(Connection connection) throws SQLException {
    List<Long> positions = new ArrayList<>();
    TreeSet<Long> gaps = new TreeSet<>();
    Map<String, Integer> segments = new HashMap<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "select processorname, segment, token, tokentype from tokenentry"
                + " where processorname = any(?)")) {
      statement.setArray(1, connection.createArrayOf("varchar", PROCESSORS.toArray()));
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          segments.merge(rows.getString(1), 1, Integer::sum);
          byte[] token = rows.getBytes(3);
          String type = rows.getString(4);
          if (token == null || type == null) {
            positions.add(-1L);
            continue;
          }
          TrackingToken t =
              tokens.deserialize(new SimpleSerializedObject<>(token, byte[].class, type, null));
          OptionalLong position = t == null ? OptionalLong.empty() : t.position();
          positions.add(position.orElse(-1));
          GapAwareTrackingToken gapAware =
              WrappedToken.unwrap(t, GapAwareTrackingToken.class).orElse(null);
          if (gapAware != null) {
            gaps.addAll(gapAware.getGaps());
          }
        }
      }
    }
    for (String processor : PROCESSORS) {
      if (!segments.containsKey(processor)) {
        return new Position(-1, "the projection " + processor + " has no token (never ran here)");
      }
    }
    long lowest = positions.stream().mapToLong(Long::longValue).min().orElse(-1);
    long highest = positions.stream().mapToLong(Long::longValue).max().orElse(-1);
    if (lowest != highest) {
      return new Position(
          lowest,
          "the projections' segments are at different positions ("
              + lowest
              + " to "
              + highest
              + ")");
    }
    // A gap is an event the projection has not seen: if it is committed now, the rows lack it.
    if (!gaps.isEmpty()) {
      try (PreparedStatement statement =
          connection.prepareStatement(
              "select min(globalindex) from domainevententry where globalindex = any(?)")) {
        statement.setArray(1, connection.createArrayOf("bigint", gaps.toArray()));
        try (ResultSet rows = statement.executeQuery()) {
          rows.next();
          long missed = rows.getLong(1);
          if (!rows.wasNull()) {
            return new Position(
                missed - 1, "the projections have not processed event " + missed + " yet");
          }
        }
      }
    }
    return new Position(lowest, null);
  }

  /** Every difference between the rows and the replay, as violations at {@code position}. */
  void compare(Connection connection, LedgerReplay replay, long position) throws SQLException {
    Differences differences = new Differences(replay, position);
    compareBalances(connection, replay, differences);
    compareMoneySupply(connection, replay, differences);
    compareInFlight(connection, replay, differences);
  }

  private static final class Differences {
    final LedgerReplay replay;
    final long position;

    Differences(LedgerReplay replay, long position) {
      this.replay = replay;
      this.position = position;
    }

    void same(String table, String key, String column, Object actual, Object expected) {
      if (!Objects.equals(actual, expected)) {
        replay.readModelViolation(
            position,
            key,
            table + "[" + key + "]." + column + " is " + actual + ", the events say " + expected);
      }
    }

    void missing(String table, String key) {
      replay.readModelViolation(position, key, table + " has no row for " + key);
    }

    void extra(String table, String key) {
      replay.readModelViolation(
          position, key, table + " has a row for " + key + " that no event explains");
    }
  }

  private void compareBalances(Connection connection, LedgerReplay replay, Differences d)
      throws SQLException {
    Map<String, AccountState> expected = new TreeMap<>(replay.accounts());
    try (PreparedStatement statement =
            connection.prepareStatement(
                "select account_id, owner_id, kind, status, balance_minor, in_flight_out_minor"
                    + " from account_balance");
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        String id = rows.getString(1);
        AccountState account = expected.remove(id);
        if (account == null) {
          d.extra("account_balance", id);
          continue;
        }
        String table = "account_balance";
        d.same(table, id, "owner_id", rows.getString(2), account.ownerId);
        d.same(
            table,
            id,
            "kind",
            rows.getString(3),
            account.kind == null ? null : account.kind.name());
        d.same(table, id, "status", rows.getString(4), account.status.name());
        d.same(table, id, "balance_minor", rows.getLong(5), account.balanceMinor);
        d.same(table, id, "in_flight_out_minor", rows.getLong(6), account.inFlightOutMinor);
      }
    }
    expected.keySet().forEach(id -> d.missing("account_balance", id));
  }

  private void compareMoneySupply(Connection connection, LedgerReplay replay, Differences d)
      throws SQLException {
    Map<String, AccountState> expected = new TreeMap<>();
    replay.accounts().values().stream()
        .filter(a -> a.kind != null && a.kind.isSystemAccount())
        .forEach(a -> expected.put(a.accountId, a));
    try (PreparedStatement statement =
            connection.prepareStatement(
                "select account_id, kind, balance_minor, total_out_minor, total_in_minor"
                    + " from money_supply");
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        String id = rows.getString(1);
        AccountState account = expected.remove(id);
        if (account == null) {
          d.extra("money_supply", id);
          continue;
        }
        String table = "money_supply";
        d.same(table, id, "kind", rows.getString(2), account.kind.name());
        d.same(table, id, "balance_minor", rows.getLong(3), account.balanceMinor);
        d.same(table, id, "total_out_minor", rows.getLong(4), account.totalOutMinor);
        d.same(table, id, "total_in_minor", rows.getLong(5), account.totalInMinor);
      }
    }
    expected.keySet().forEach(id -> d.missing("money_supply", id));
  }

  private void compareInFlight(Connection connection, LedgerReplay replay, Differences d)
      throws SQLException {
    Map<String, TransferState> expected = new TreeMap<>();
    replay.transfers().values().stream()
        .filter(TransferState::inFlight)
        .forEach(t -> expected.put(t.transferId, t));
    try (PreparedStatement statement =
            connection.prepareStatement(
                "select transfer_id, idempotency_key, from_account_id, to_account_id, amount_minor"
                    + " from transfer_in_flight");
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        String id = rows.getString(1);
        TransferState transfer = expected.remove(id);
        if (transfer == null) {
          d.extra("transfer_in_flight", id);
          continue;
        }
        String table = "transfer_in_flight";
        d.same(table, id, "idempotency_key", rows.getString(2), transfer.idempotencyKey);
        d.same(table, id, "from_account_id", rows.getString(3), transfer.fromAccountId);
        d.same(table, id, "to_account_id", rows.getString(4), transfer.toAccountId);
        d.same(table, id, "amount_minor", rows.getLong(5), transfer.debitedMinor);
      }
    }
    expected.keySet().forEach(id -> d.missing("transfer_in_flight", id));
  }
}
