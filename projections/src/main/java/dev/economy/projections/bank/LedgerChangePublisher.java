package dev.economy.projections.bank;

import java.util.LinkedHashMap;
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
 */
@Component
class LedgerChangePublisher {

  static final String CHANNEL = "ledger_changes";
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
    String[] payloads = changed.entrySet().stream()
        .map(e -> "{\"accountId\":\"" + e.getKey() + "\",\"version\":" + e.getValue() + "}")
        .toArray(String[]::new);
    // Account ids match LedgerRules.ACCOUNT_ID (no quotes or backslashes), so this is valid JSON.
    jdbc.execute((java.sql.Connection connection) -> {
      try (var statement = connection.prepareStatement(
          "select count(pg_notify('" + CHANNEL + "', payload)) from unnest(?::text[]) payload")) {
        statement.setArray(1, connection.createArrayOf("text", payloads));
        statement.executeQuery().close();
      }
      return null;
    });
  }
}
