package dev.economy.query.ledger;

import dev.economy.messages.ledger.HistoryEntryType;
import dev.economy.query.ledger.MoneySupply.SystemAccountSupply;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The ledger's read-model tables (V2__ledger_read_models.sql) over R2DBC. Read only: the
 * projections own the rows. Every query is bounded, in rows (LIMIT) and in time (a reactive timeout
 * that surfaces as 503 unavailable rather than a request hanging on a stuck database).
 */
@Component
class LedgerReadModels {

  /** A player has a wallet and a bank account; the limit only guards against a runaway owner id. */
  static final int PLAYER_ACCOUNTS_MAX = 100;

  private static final String ACCOUNT_COLUMNS =
      "account_id, owner_id, kind, status, balance_minor,"
          + " in_flight_out_minor, version, opened_at, updated_at";
  private static final String HISTORY_COLUMNS =
      "sequence_number, entry_type, transfer_id, idempotency_key,"
          + " counterparty_account_id, amount_minor, balance_after_minor, reason_code, memo, actor, failure_code,"
          + " occurred_at";

  private final DatabaseClient database;
  private final Duration timeout;

  LedgerReadModels(DatabaseClient database, QuerySettings settings) {
    this.database = database;
    this.timeout = settings.databaseTimeout();
  }

  Mono<AccountDetails> account(String accountId) {
    return database
        .sql("SELECT " + ACCOUNT_COLUMNS + " FROM account_balance WHERE account_id = :accountId")
        .bind("accountId", accountId)
        .map(LedgerReadModels::accountDetails)
        .one()
        .timeout(timeout, Mono.error(() -> timedOut("account")));
  }

  Mono<Boolean> accountExists(String accountId) {
    return database
        .sql("SELECT 1 FROM account_balance WHERE account_id = :accountId")
        .bind("accountId", accountId)
        .map(row -> Boolean.TRUE)
        .one()
        .defaultIfEmpty(Boolean.FALSE)
        .timeout(timeout, Mono.error(() -> timedOut("account")));
  }

  Mono<List<AccountDetails>> playerAccounts(String playerId) {
    return database
        .sql(
            "SELECT "
                + ACCOUNT_COLUMNS
                + " FROM account_balance"
                + " WHERE owner_id = :ownerId AND kind IN ('WALLET', 'BANK') ORDER BY account_id LIMIT "
                + PLAYER_ACCOUNTS_MAX)
        .bind("ownerId", playerId)
        .map(LedgerReadModels::accountDetails)
        .all()
        .collectList()
        .timeout(timeout, Mono.error(() -> timedOut("player accounts")));
  }

  /**
   * Newest first, keyset-paged on the sequence number: a page costs the same however deep it is,
   * and entries that arrive meanwhile neither shift nor repeat what the cursor has passed. Fetches
   * one row more than asked, to know whether there is a next page.
   */
  Mono<HistoryPage> history(HistoryRequest request) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT " + HISTORY_COLUMNS + " FROM account_history WHERE account_id = :accountId");
    Map<String, Object> bindings = new LinkedHashMap<>();
    bindings.put("accountId", request.accountId());
    if (request.beforeSequenceNumber() != null) {
      sql.append(" AND sequence_number < :before");
      bindings.put("before", request.beforeSequenceNumber());
    }
    if (request.from() != null) {
      sql.append(" AND occurred_at >= :from");
      bindings.put("from", OffsetDateTime.ofInstant(request.from(), ZoneOffset.UTC));
    }
    if (request.to() != null) {
      sql.append(" AND occurred_at < :to");
      bindings.put("to", OffsetDateTime.ofInstant(request.to(), ZoneOffset.UTC));
    }
    if (request.reasonCode() != null) {
      sql.append(" AND reason_code = :reasonCode");
      bindings.put("reasonCode", request.reasonCode());
    }
    sql.append(" ORDER BY sequence_number DESC LIMIT :rows");
    bindings.put("rows", request.limit() + 1);
    DatabaseClient.GenericExecuteSpec spec = database.sql(sql.toString());
    for (Map.Entry<String, Object> binding : bindings.entrySet()) {
      spec = spec.bind(binding.getKey(), binding.getValue());
    }
    return spec.map(LedgerReadModels::historyEntry)
        .all()
        .collectList()
        .timeout(timeout, Mono.error(() -> timedOut("history")))
        .map(
            rows -> {
              if (rows.size() <= request.limit()) {
                return new HistoryPage(request.accountId(), rows, null);
              }
              List<HistoryEntry> page = new ArrayList<>(rows.subList(0, request.limit()));
              String next =
                  HistoryCursor.encode(
                      page.get(page.size() - 1).sequenceNumber(), request.cursorBinding());
              return new HistoryPage(request.accountId(), page, next);
            });
  }

  /**
   * Oldest first, the entries after {@code afterSequenceNumber} up to and including {@code
   * upToSequenceNumber}, at most {@code limit}: what a live stream has not sent yet.
   */
  Flux<HistoryEntry> historyAfter(
      String accountId, long afterSequenceNumber, long upToSequenceNumber, int limit) {
    return database
        .sql(
            "SELECT "
                + HISTORY_COLUMNS
                + " FROM account_history WHERE account_id = :accountId"
                + " AND sequence_number > :after AND sequence_number <= :upTo ORDER BY sequence_number ASC LIMIT :rows")
        .bind("accountId", accountId)
        .bind("after", afterSequenceNumber)
        .bind("upTo", upToSequenceNumber)
        .bind("rows", limit)
        .map(LedgerReadModels::historyEntry)
        .all()
        .timeout(timeout, Flux.error(() -> timedOut("history")));
  }

  /** One statement, so the system accounts and the money in flight come from one snapshot. */
  Mono<MoneySupply> moneySupply() {
    return database
        .sql(
            "SELECT account_id, kind, balance_minor, total_in_minor, total_out_minor, updated_at,"
                + " (SELECT COALESCE(SUM(amount_minor), 0) FROM transfer_in_flight) AS in_flight_minor"
                + " FROM money_supply ORDER BY account_id")
        .map(
            row ->
                new SupplyRow(
                    new SystemAccountSupply(
                        row.get("account_id", String.class),
                        row.get("kind", String.class),
                        longValue(row, "balance_minor"),
                        longValue(row, "total_in_minor"),
                        longValue(row, "total_out_minor"),
                        instant(row, "updated_at")),
                    longValue(row, "in_flight_minor")))
        .all()
        .collectList()
        .timeout(timeout, Mono.error(() -> timedOut("money supply")))
        .map(LedgerReadModels::moneySupply);
  }

  private record SupplyRow(SystemAccountSupply account, long inFlightMinor) {}

  private static MoneySupply moneySupply(List<SupplyRow> rows) {
    long issued = 0;
    long sunk = 0;
    long inFlight = rows.isEmpty() ? 0 : rows.get(0).inFlightMinor();
    List<SystemAccountSupply> accounts = new ArrayList<>();
    for (SupplyRow row : rows) {
      SystemAccountSupply account = row.account();
      accounts.add(account);
      if ("SYSTEM_SOURCE".equals(account.kind())) {
        issued = Math.subtractExact(issued, account.balanceMinor());
      } else {
        sunk = Math.addExact(sunk, account.balanceMinor());
      }
    }
    long heldByPlayers = Math.subtractExact(Math.subtractExact(issued, sunk), inFlight);
    return new MoneySupply(List.copyOf(accounts), issued, sunk, inFlight, heldByPlayers);
  }

  private static AccountDetails accountDetails(Readable row) {
    return new AccountDetails(
        row.get("account_id", String.class),
        row.get("owner_id", String.class),
        row.get("kind", String.class),
        row.get("status", String.class),
        longValue(row, "balance_minor"),
        longValue(row, "in_flight_out_minor"),
        longValue(row, "version"),
        instant(row, "opened_at"),
        instant(row, "updated_at"));
  }

  private static HistoryEntry historyEntry(Readable row) {
    return new HistoryEntry(
        longValue(row, "sequence_number"),
        HistoryEntryType.valueOf(row.get("entry_type", String.class)),
        row.get("transfer_id", String.class),
        row.get("idempotency_key", String.class),
        row.get("counterparty_account_id", String.class),
        longValue(row, "amount_minor"),
        longValue(row, "balance_after_minor"),
        row.get("reason_code", String.class),
        row.get("memo", String.class),
        row.get("actor", String.class),
        row.get("failure_code", String.class),
        instant(row, "occurred_at"));
  }

  private static long longValue(Readable row, String column) {
    Number value = row.get(column, Number.class);
    if (value == null) {
      throw new IllegalStateException(column + " is null in a NOT NULL column");
    }
    // SUM over bigint is numeric in PostgreSQL: refuse to wrap around rather than report nonsense.
    return value instanceof java.math.BigDecimal decimal
        ? decimal.longValueExact()
        : value.longValue();
  }

  private static Instant instant(Readable row, String column) {
    OffsetDateTime value = row.get(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private static ErrorResponseException timedOut(String what) {
    return QueryProblem.unavailable(
        "reading the " + what + " took longer than the database timeout; try again shortly");
  }
}
