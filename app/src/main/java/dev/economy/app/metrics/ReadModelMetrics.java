package dev.economy.app.metrics;

import dev.economy.messages.ledger.SystemAccount;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Gauges read from PostgreSQL: the balance of every system account (the money supply, from the
 * money_supply read model; a source's balance is minus what it issued) and the dead letters waiting
 * per processing group. One snapshot serves every gauge for {@link #FRESH_FOR}, so a scrape costs
 * two small queries however many series it reads.
 */
final class ReadModelMetrics {

  static final String MONEY_SUPPLY = "economy.money.supply.balance";
  static final String DEAD_LETTERS = "economy.dead.letters";
  static final Duration FRESH_FOR = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(ReadModelMetrics.class);

  private record Snapshot(
      long takenAtNanos, Map<String, Long> balances, Map<String, Long> deadLetters) {}

  private final JdbcTemplate jdbc;
  private volatile Snapshot snapshot;

  ReadModelMetrics(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  void bindTo(MeterRegistry registry, Collection<String> processingGroups) {
    for (SystemAccount account : SystemAccount.values()) {
      Gauge.builder(MONEY_SUPPLY, this, m -> m.balanceOf(account.accountId()))
          .description(
              "balance of a system account (sources go negative as they issue money), from the read model")
          .baseUnit("minor")
          .tag("account", account.accountId())
          .tag("kind", account.kind().name())
          .register(registry);
    }
    for (String group : processingGroups) {
      Gauge.builder(DEAD_LETTERS, this, m -> m.deadLettersOf(group))
          .description("dead letters waiting in a processing group's queue")
          .tag("processor", group)
          .register(registry);
    }
  }

  private double balanceOf(String accountId) {
    Snapshot s = current();
    if (s == null) {
      return Double.NaN;
    }
    Long balance = s.balances().get(accountId);
    return balance == null ? Double.NaN : balance;
  }

  private double deadLettersOf(String group) {
    Snapshot s = current();
    return s == null ? Double.NaN : s.deadLetters().getOrDefault(group, 0L);
  }

  private Snapshot current() {
    Snapshot s = snapshot;
    if (s != null && System.nanoTime() - s.takenAtNanos() < FRESH_FOR.toNanos()) {
      return s;
    }
    try {
      Map<String, Long> balances = new HashMap<>();
      jdbc.query(
          "select account_id, balance_minor from money_supply",
          row -> {
            balances.put(row.getString(1), row.getLong(2));
          });
      Map<String, Long> deadLetters = new HashMap<>();
      jdbc.query(
          "select processinggroup, count(*) from deadletterentry group by processinggroup",
          row -> {
            deadLetters.put(row.getString(1), row.getLong(2));
          });
      s = new Snapshot(System.nanoTime(), balances, deadLetters);
      snapshot = s;
      return s;
    } catch (RuntimeException e) {
      // No figure is better than a stale one: the gauges read NaN while the database is away.
      log.debug("read-model metrics unavailable: {}", e.toString());
      return null;
    }
  }
}
