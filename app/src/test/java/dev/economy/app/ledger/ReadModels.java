package dev.economy.app.ledger;

import dev.economy.app.ledger.LedgerFold.AccountState;
import dev.economy.app.ledger.LedgerFold.HistoryRow;
import dev.economy.messages.ledger.AccountKind;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Compares the ledger read models (V2__ledger_read_models.sql) with a fold of the events: invariant
 * 5, read models are a pure function of the event stream. Collects every difference (up to a limit)
 * into one message, so a failure says what is wrong rather than only that.
 */
final class ReadModels {

  private static final int DIFFERENCES_SHOWN_MAX = 25;

  private final JdbcTemplate jdbc;
  private final List<String> differences = new ArrayList<>();

  ReadModels(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  static void assertEqualToFold(JdbcTemplate jdbc, LedgerFold fold) {
    ReadModels readModels = new ReadModels(jdbc);
    readModels.compareBalances(fold);
    readModels.compareHistory(fold);
    readModels.compareInFlight(fold);
    readModels.compareMoneySupply(fold);
    if (!readModels.differences.isEmpty()) {
      int total = readModels.differences.size();
      throw new AssertionError(
          "read models differ from the fold of the events in "
              + total
              + " places:\n  "
              + String.join(
                  "\n  ",
                  readModels.differences.subList(0, Math.min(total, DIFFERENCES_SHOWN_MAX))));
    }
  }

  private void compareBalances(LedgerFold fold) {
    Map<String, Map<String, Object>> rows = new HashMap<>();
    jdbc.queryForList(
            "select account_id, owner_id, kind, status, balance_minor, in_flight_out_minor, version"
                + " from account_balance")
        .forEach(row -> rows.put((String) row.get("account_id"), row));
    sameKeys("account_balance", rows.keySet(), fold.accounts().keySet());
    for (AccountState account : fold.accounts().values()) {
      Map<String, Object> row = rows.get(account.accountId);
      if (row == null) {
        continue;
      }
      String where = "account_balance[" + account.accountId + "].";
      same(where + "owner_id", row.get("owner_id"), account.ownerId);
      same(where + "kind", row.get("kind"), account.kind.name());
      same(where + "status", row.get("status"), account.status.name());
      same(where + "balance_minor", number(row.get("balance_minor")), account.balanceMinor);
      same(
          where + "in_flight_out_minor",
          number(row.get("in_flight_out_minor")),
          account.inFlightOutMinor);
      same(where + "version", number(row.get("version")), account.lastSequenceNumber);
    }
  }

  private void compareHistory(LedgerFold fold) {
    Map<String, HistoryRow> expected = new TreeMap<>();
    fold.history().forEach(row -> expected.put(key(row.accountId(), row.sequenceNumber()), row));
    Map<String, HistoryRow> actual = new TreeMap<>();
    jdbc.query(
        "select account_id, sequence_number, entry_type, transfer_id, idempotency_key,"
            + " counterparty_account_id, amount_minor, balance_after_minor, reason_code, memo, actor, failure_code,"
            + " occurred_at from account_history",
        rs -> {
          HistoryRow row =
              new HistoryRow(
                  rs.getString("account_id"),
                  rs.getLong("sequence_number"),
                  rs.getString("entry_type"),
                  rs.getString("transfer_id"),
                  rs.getString("idempotency_key"),
                  rs.getString("counterparty_account_id"),
                  rs.getLong("amount_minor"),
                  rs.getLong("balance_after_minor"),
                  rs.getString("reason_code"),
                  rs.getString("memo"),
                  rs.getString("actor"),
                  rs.getString("failure_code"),
                  rs.getObject("occurred_at", OffsetDateTime.class).toInstant());
          actual.put(key(row.accountId(), row.sequenceNumber()), row);
        });
    Map<String, Integer> expectedCounts = countPerAccount(expected.values());
    Map<String, Integer> actualCounts = countPerAccount(actual.values());
    for (String accountId : new TreeSet<>(fold.accounts().keySet())) {
      same(
          "account_history row count of " + accountId,
          actualCounts.getOrDefault(accountId, 0),
          expectedCounts.getOrDefault(accountId, 0));
    }
    sameKeys("account_history", actual.keySet(), expected.keySet());
    for (Map.Entry<String, HistoryRow> entry : expected.entrySet()) {
      HistoryRow row = actual.get(entry.getKey());
      if (row == null) {
        continue;
      }
      HistoryRow want = entry.getValue();
      String where = "account_history[" + entry.getKey() + "].";
      same(where + "entry_type", row.entryType(), want.entryType());
      same(where + "transfer_id", row.transferId(), want.transferId());
      same(where + "idempotency_key", row.idempotencyKey(), want.idempotencyKey());
      same(
          where + "counterparty_account_id",
          row.counterpartyAccountId(),
          want.counterpartyAccountId());
      same(where + "amount_minor", row.amountMinor(), want.amountMinor());
      same(where + "balance_after_minor", row.balanceAfterMinor(), want.balanceAfterMinor());
      same(where + "reason_code", row.reasonCode(), want.reasonCode());
      same(where + "memo", row.memo(), want.memo());
      same(where + "actor", row.actor(), want.actor());
      same(where + "failure_code", row.failureCode(), want.failureCode());
      // PostgreSQL keeps microseconds; the event's own time, not the time it was projected.
      if (Duration.between(row.occurredAt(), want.occurredAt()).abs().toNanos() >= 1_000) {
        differences.add(
            where + "occurred_at: " + row.occurredAt() + ", the event says " + want.occurredAt());
      }
    }
  }

  private void compareInFlight(LedgerFold fold) {
    Map<String, Long> rows = new HashMap<>();
    jdbc.query(
        "select transfer_id, amount_minor from transfer_in_flight",
        rs -> {
          rows.put(rs.getString("transfer_id"), rs.getLong("amount_minor"));
        });
    same("transfer_in_flight", rows, fold.inFlight());
  }

  private void compareMoneySupply(LedgerFold fold) {
    Map<String, Map<String, Object>> rows = new HashMap<>();
    jdbc.queryForList(
            "select account_id, kind, balance_minor, total_out_minor, total_in_minor from money_supply")
        .forEach(row -> rows.put((String) row.get("account_id"), row));
    Map<String, AccountState> systemAccounts = new TreeMap<>();
    fold.accounts().values().stream()
        .filter(a -> a.kind == AccountKind.SYSTEM_SOURCE || a.kind == AccountKind.SYSTEM_SINK)
        .forEach(a -> systemAccounts.put(a.accountId, a));
    sameKeys("money_supply", rows.keySet(), systemAccounts.keySet());
    for (AccountState account : systemAccounts.values()) {
      Map<String, Object> row = rows.get(account.accountId);
      if (row == null) {
        continue;
      }
      String where = "money_supply[" + account.accountId + "].";
      same(where + "kind", row.get("kind"), account.kind.name());
      same(where + "balance_minor", number(row.get("balance_minor")), account.balanceMinor);
      long out = number(row.get("total_out_minor"));
      long in = number(row.get("total_in_minor"));
      // Whether a refund counts as less out or as more in is the projection's choice; either way
      // the totals are not negative and explain the balance.
      if (out < 0 || in < 0 || in - out != account.balanceMinor) {
        differences.add(
            where
                + "totals in "
                + in
                + " and out "
                + out
                + " do not explain balance "
                + account.balanceMinor);
      }
    }
  }

  private void sameKeys(String table, Set<String> actual, Set<String> expected) {
    TreeSet<String> missing = new TreeSet<>(expected);
    missing.removeAll(actual);
    TreeSet<String> extra = new TreeSet<>(actual);
    extra.removeAll(expected);
    if (!missing.isEmpty()) {
      differences.add(table + ": " + missing.size() + " rows missing, e.g. " + first(missing));
    }
    if (!extra.isEmpty()) {
      differences.add(
          table + ": " + extra.size() + " rows that no event explains, e.g. " + first(extra));
    }
  }

  private void same(String what, Object actual, Object expected) {
    if (!Objects.equals(actual, expected)) {
      differences.add(what + ": " + actual + ", the events say " + expected);
    }
  }

  private static List<String> first(TreeSet<String> keys) {
    return keys.stream().limit(5).toList();
  }

  private static Map<String, Integer> countPerAccount(Collection<HistoryRow> rows) {
    Map<String, Integer> counts = new HashMap<>();
    rows.forEach(row -> counts.merge(row.accountId(), 1, Integer::sum));
    return counts;
  }

  private static String key(String accountId, long sequenceNumber) {
    return accountId + "#" + String.format("%012d", sequenceNumber);
  }

  private static long number(Object value) {
    return ((Number) value).longValue();
  }
}
