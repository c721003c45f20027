package dev.economy.projections.bank;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Tells the query side which accounts a batch changed, once per account and batch, just before
 * the batch's transaction commits: a pending marker in the Redis cache (so that no reader can be
 * served the old row once the new one is committed) and a NOTIFY on ledger_changes, which
 * PostgreSQL delivers only if and when the transaction commits (it feeds the SSE streams).
 *
 * <p>One NOTIFY per batch, its payload a JSON array {@code [{"accountId":..,"version":..},..]} of
 * every account the batch changed; split into several only when a batch's accounts do not fit
 * under PostgreSQL's payload limit. One NOTIFY per account made the query side's event-loop
 * threads decode, route and act on every account separately: 17% of the backend's CPU samples
 * under the benchmark load (JFR), for what is one fact per batch.
 */
@Component
class LedgerChangePublisher {

  static final String CHANNEL = "ledger_changes";
  /**
   * PostgreSQL refuses payloads of 8000 bytes or more (and fails the transaction with them). One
   * account's entry is at most about 140 bytes (ids are at most 95 characters, versions 19
   * digits), so this leaves room for a few more, and for the brackets, with any id.
   */
  static final int PAYLOAD_LENGTH_MAX = 7000;
  private static final String RESOURCE = LedgerChangePublisher.class.getName() + ".accounts";

  private final JdbcTemplate jdbc;
  private final AccountCacheMarkers cacheMarkers;

  LedgerChangePublisher(JdbcTemplate jdbc, AccountCacheMarkers cacheMarkers) {
    this.jdbc = jdbc;
    this.cacheMarkers = cacheMarkers;
  }

  /** Records that an account reached a version in the current batch. */
  void accountChanged(String accountId, long version) {
    UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
    Map<String, Long> changed = batch.getOrComputeResource(RESOURCE, key -> {
      Map<String, Long> accounts = new LinkedHashMap<>();
      batch.onPrepareCommit(u -> publish(accounts));
      return accounts;
    });
    changed.merge(accountId, version, Math::max);
  }

  void forgetCachedAccounts() {
    cacheMarkers.forgetAll();
  }

  private void publish(Map<String, Long> changed) {
    if (changed.isEmpty()) {
      return;
    }
    cacheMarkers.markPending(changed);
    String[] payloads = payloads(changed).toArray(String[]::new);
    jdbc.execute((java.sql.Connection connection) -> {
      // Sent in order within the transaction; PostgreSQL delivers them together, on commit.
      try (var statement = connection.prepareStatement(
          "select count(pg_notify('" + CHANNEL + "', payload)) from unnest(?::text[]) payload")) {
        statement.setArray(1, connection.createArrayOf("text", payloads));
        statement.executeQuery().close();
      }
      return null;
    });
  }

  /**
   * The batch's accounts as JSON arrays in the order they were first changed, each at most
   * {@link #PAYLOAD_LENGTH_MAX} characters. Pure ASCII (see {@link #ENTRY}), so
   * characters are bytes, the unit of PostgreSQL's limit.
   */
  static List<String> payloads(Map<String, Long> changed) {
    List<String> payloads = new ArrayList<>(1);
    StringBuilder payload = new StringBuilder(Math.min(PAYLOAD_LENGTH_MAX, 64 * changed.size() + 2));
    for (Map.Entry<String, Long> account : changed.entrySet()) {
      String entry = entry(account.getKey(), account.getValue());
      // +2: the separating comma (or the opening bracket) and the closing bracket.
      if (payload.length() > 0 && payload.length() + entry.length() + 2 > PAYLOAD_LENGTH_MAX) {
        payloads.add(payload.append(']').toString());
        payload.setLength(0);
      }
      payload.append(payload.length() == 0 ? '[' : ',').append(entry);
    }
    payloads.add(payload.append(']').toString());
    return payloads;
  }

  /** One account's entry in a payload, as the query side reads it. */
  private record Change(String accountId, long version) {}

  /**
   * Account ids match LedgerRules.ACCOUNT_ID (printable ASCII, no quotes or backslashes), so nothing
   * needs escaping today; escaping every non-ASCII character keeps the payload valid JSON, and its
   * length in bytes equal to its length in characters, whatever an id ever holds.
   */
  private static final ObjectWriter ENTRY = new ObjectMapper().writerFor(Change.class)
      .with(JsonWriteFeature.ESCAPE_NON_ASCII);

  private static String entry(String accountId, long version) {
    try {
      return ENTRY.writeValueAsString(new Change(accountId, version));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write a ledger change as JSON", e);
    }
  }
}
