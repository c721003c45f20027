package dev.economy.projections.ledger;

import dev.economy.messages.ledger.LedgerChangesChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Tells the query side which accounts a batch changed, once per account and batch, just before the
 * batch's transaction commits: a pending marker in the Redis cache (so that no reader can be served
 * the old row once the new one is committed) and a NOTIFY on ledger_changes, which PostgreSQL
 * delivers only if and when the transaction commits (it feeds the SSE streams).
 *
 * <p>One NOTIFY per batch, its payload a JSON array {@code [{"accountId":..,"version":..},..]} of
 * every account the batch changed; split into several only when a batch's accounts do not fit under
 * PostgreSQL's payload limit. One NOTIFY per account made the query side's event-loop threads
 * decode, route and act on every account separately: 17% of the backend's CPU samples under the
 * benchmark load (JFR), for what is one fact per batch.
 */
@Component
class LedgerChangePublisher {

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
    Map<String, Long> changed =
        batch.getOrComputeResource(
            RESOURCE,
            key -> {
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
    String[] payloads = LedgerChangesChannel.payloads(changed).toArray(String[]::new);
    jdbc.execute(
        (java.sql.Connection connection) -> {
          // Sent in order within the transaction; PostgreSQL delivers them together, on commit.
          try (var statement =
              connection.prepareStatement(
                  "select count(pg_notify('"
                      + LedgerChangesChannel.CHANNEL
                      + "', payload)) from unnest(?::text[]) payload")) {
            statement.setArray(1, connection.createArrayOf("text", payloads));
            statement.executeQuery().close();
          }
          return null;
        });
  }
}
