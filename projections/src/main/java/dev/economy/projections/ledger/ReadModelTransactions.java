package dev.economy.projections.ledger;

import org.springframework.jdbc.core.JdbcTemplate;

/** How the projections' transactions commit. */
final class ReadModelTransactions {

  private ReadModelTransactions() {}

  /**
   * Lets this transaction's commit return before its WAL is flushed to disk. A read model
   * acknowledges nothing to anybody and its rows commit together with the processor's token: if
   * PostgreSQL crashes within the few hundred milliseconds before the flush, rows and token are
   * lost together and the processor replays the same events into the same rows. The event store's
   * appends (the commands' commits, which answer 2xx) stay synchronous; they do not run through
   * here.
   */
  static void commitAsynchronously(JdbcTemplate jdbc) {
    jdbc.execute("set local synchronous_commit to off");
  }
}
