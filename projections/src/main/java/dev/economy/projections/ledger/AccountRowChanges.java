package dev.economy.projections.ledger;

import dev.economy.messages.ledger.AccountKind;
import dev.economy.messages.ledger.AccountStatus;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What one batch of the ledger-accounts projection changes, folded per account, and written in JDBC
 * batches just before the batch's transaction commits (with the processor's token). The rows are
 * the same as applying the events one by one: the last event of an account sets its balance,
 * status, version and time, in-flight amounts and money-supply totals add up.
 */
final class AccountRowChanges {

  private static final String RESOURCE = AccountRowChanges.class.getName();

  static final String INSERT_HISTORY =
      "insert into account_history (account_id, sequence_number,"
          + " entry_type, transfer_id, idempotency_key, counterparty_account_id, amount_minor, balance_after_minor,"
          + " reason_code, memo, actor, failure_code, occurred_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final int[] HISTORY_TYPES = {
    Types.VARCHAR,
    Types.BIGINT,
    Types.VARCHAR,
    Types.VARCHAR,
    Types.VARCHAR,
    Types.VARCHAR,
    Types.BIGINT,
    Types.BIGINT,
    Types.VARCHAR,
    Types.VARCHAR,
    Types.VARCHAR,
    Types.VARCHAR,
    Types.TIMESTAMP_WITH_TIMEZONE
  };

  /** One account's change within the batch. */
  private static final class Row {
    final String accountId;

    /** Set when the account was opened in this batch: its row is inserted, not updated. */
    String ownerId;

    AccountKind kind;
    OffsetDateTime openedAt;
    AccountStatus status;
    Long balanceMinor;
    long inFlightOutDeltaMinor;
    long version;
    OffsetDateTime updatedAt;
    boolean moneyMoved;
    long totalInDeltaMinor;
    long totalOutDeltaMinor;
    OffsetDateTime movedAt;

    Row(String accountId) {
      this.accountId = accountId;
    }

    boolean opened() {
      return ownerId != null;
    }
  }

  private final JdbcTemplate jdbc;
  private final Map<String, Row> rows = new LinkedHashMap<>();
  private final List<HistoryRow> history = new ArrayList<>();

  private AccountRowChanges(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** The changes of the batch being handled, written when it is about to commit. */
  static AccountRowChanges current(JdbcTemplate jdbc) {
    UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
    return batch.getOrComputeResource(
        RESOURCE,
        key -> {
          AccountRowChanges changes = new AccountRowChanges(jdbc);
          batch.onPrepareCommit(u -> changes.write());
          return changes;
        });
  }

  void opened(String accountId, String ownerId, AccountKind kind, long version, OffsetDateTime at) {
    Row row = row(accountId);
    row.ownerId = ownerId;
    row.kind = kind;
    row.openedAt = at;
    row.status = AccountStatus.OPEN;
    row.balanceMinor = 0L;
    touched(row, version, at);
  }

  void status(String accountId, AccountStatus status, long version, OffsetDateTime at) {
    Row row = row(accountId);
    row.status = status;
    touched(row, version, at);
  }

  /** A debit, credit or refund: the balance after it, and what it adds to the totals. */
  void moved(
      String accountId,
      long balanceAfterMinor,
      long outMinor,
      long inMinor,
      long inFlightOutDeltaMinor,
      long version,
      OffsetDateTime at) {
    Row row = row(accountId);
    row.balanceMinor = balanceAfterMinor;
    row.inFlightOutDeltaMinor += inFlightOutDeltaMinor;
    row.moneyMoved = true;
    row.totalOutDeltaMinor += outMinor;
    row.totalInDeltaMinor += inMinor;
    row.movedAt = at;
    touched(row, version, at);
  }

  void settled(String accountId, long amountMinor, long version, OffsetDateTime at) {
    Row row = row(accountId);
    row.inFlightOutDeltaMinor -= amountMinor;
    touched(row, version, at);
  }

  void history(HistoryRow entry) {
    history.add(entry);
  }

  private Row row(String accountId) {
    return rows.computeIfAbsent(accountId, Row::new);
  }

  private static void touched(Row row, long version, OffsetDateTime at) {
    row.version = version;
    row.updatedAt = at;
  }

  private void write() {
    if (rows.isEmpty()) {
      return;
    }
    ReadModelTransactions.commitAsynchronously(jdbc);
    List<Object[]> inserts = new ArrayList<>();
    List<Object[]> updates = new ArrayList<>();
    List<Object[]> supplyInserts = new ArrayList<>();
    List<Row> supplyUpdates = new ArrayList<>();
    List<Row> movedElsewhere = new ArrayList<>();
    for (Row row : rows.values()) {
      if (row.opened()) {
        inserts.add(
            new Object[] {
              row.accountId,
              row.ownerId,
              row.kind.name(),
              row.status.name(),
              row.balanceMinor,
              row.inFlightOutDeltaMinor,
              row.version,
              row.openedAt,
              row.updatedAt
            });
        if (row.kind.isSystemAccount()) {
          supplyInserts.add(
              new Object[] {
                row.accountId,
                row.kind.name(),
                row.balanceMinor,
                row.totalOutDeltaMinor,
                row.totalInDeltaMinor,
                row.moneyMoved ? row.movedAt : row.openedAt
              });
        }
      } else {
        updates.add(
            new Object[] {
              row.status == null ? null : row.status.name(),
              row.balanceMinor,
              row.inFlightOutDeltaMinor,
              row.version,
              row.updatedAt,
              row.accountId
            });
        if (row.moneyMoved) {
          movedElsewhere.add(row);
        }
      }
    }
    if (!inserts.isEmpty()) {
      jdbc.batchUpdate(
          "insert into account_balance (account_id, owner_id, kind, status, balance_minor,"
              + " in_flight_out_minor, version, opened_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          inserts);
    }
    if (!updates.isEmpty()) {
      int[] counts =
          jdbc.batchUpdate(
              "update account_balance set status = coalesce(?, status),"
                  + " balance_minor = coalesce(?, balance_minor), in_flight_out_minor = in_flight_out_minor + ?,"
                  + " version = ?, updated_at = ? where account_id = ?",
              updates,
              new int[] {
                Types.VARCHAR,
                Types.BIGINT,
                Types.BIGINT,
                Types.BIGINT,
                Types.TIMESTAMP_WITH_TIMEZONE,
                Types.VARCHAR
              });
      for (int i = 0; i < counts.length; i++) {
        // An event of an account whose row is missing means the read model lost a row or the stream
        // is out of order: fail the batch (it is retried) rather than silently write nothing.
        if (counts[i] != 1) {
          throw new IllegalStateException(
              "account_balance has no row for "
                  + updates.get(i)[5]
                  + " although the event stream says it was opened");
        }
      }
    }
    if (!history.isEmpty()) {
      jdbc.batchUpdate(
          INSERT_HISTORY,
          history.stream().map(HistoryRow::insertArguments).toList(),
          HISTORY_TYPES);
    }
    if (!supplyInserts.isEmpty()) {
      jdbc.batchUpdate(
          "insert into money_supply (account_id, kind, balance_minor, total_out_minor, total_in_minor,"
              + " updated_at) values (?, ?, ?, ?, ?, ?)",
          supplyInserts);
    }
    for (Row row : kindsOf(movedElsewhere)) {
      supplyUpdates.add(row);
    }
    if (!supplyUpdates.isEmpty()) {
      List<Object[]> arguments = new ArrayList<>();
      for (Row row : supplyUpdates) {
        arguments.add(
            new Object[] {
              row.balanceMinor,
              row.totalOutDeltaMinor,
              row.totalInDeltaMinor,
              row.movedAt,
              row.accountId
            });
      }
      jdbc.batchUpdate(
          "update money_supply set balance_minor = ?, total_out_minor = total_out_minor + ?,"
              + " total_in_minor = total_in_minor + ?, updated_at = ? where account_id = ?",
          arguments);
    }
  }

  /**
   * The system accounts among rows opened before this batch: the money supply follows the account's
   * kind as it was opened (its account_balance row), not a guess from its id.
   */
  private List<Row> kindsOf(List<Row> moved) {
    if (moved.isEmpty()) {
      return List.of();
    }
    Map<String, Row> byId = new HashMap<>();
    moved.forEach(row -> byId.put(row.accountId, row));
    List<Row> system = new ArrayList<>();
    jdbc.query(
        connection -> {
          var statement =
              connection.prepareStatement(
                  "select account_id, kind from account_balance where account_id = any(?)");
          statement.setArray(1, connection.createArrayOf("varchar", byId.keySet().toArray()));
          return statement;
        },
        resultSet -> {
          if (AccountKind.valueOf(resultSet.getString(2)).isSystemAccount()) {
            system.add(byId.get(resultSet.getString(1)));
          }
        });
    return system;
  }
}
