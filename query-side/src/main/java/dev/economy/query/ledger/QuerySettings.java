package dev.economy.query.ledger;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of the read API (application.yml, economy.query.*). Every one of them bounds something a
 * client could otherwise make unbounded: page sizes, waiting for the database, open streams and
 * their lifetime.
 */
@ConfigurationProperties("economy.query")
record QuerySettings(
    @DefaultValue("200") int historyPageSizeMax,
    @DefaultValue("PT5S") Duration databaseTimeout,
    @DefaultValue("1000") int streamsMax,
    @DefaultValue("PT15S") Duration streamHeartbeat,
    @DefaultValue("PT30M") Duration streamDurationMax) {

  /** What a history request without a limit gets; never more than the maximum. */
  static final int HISTORY_PAGE_SIZE_DEFAULT = 50;

  QuerySettings {
    require(historyPageSizeMax >= 1, "economy.query.history-page-size-max must be at least 1");
    require(positive(databaseTimeout), "economy.query.database-timeout must be positive");
    require(streamsMax >= 0, "economy.query.streams-max must not be negative");
    require(positive(streamHeartbeat), "economy.query.stream-heartbeat must be positive");
    require(positive(streamDurationMax), "economy.query.stream-duration-max must be positive");
  }

  int historyPageSizeDefault() {
    return Math.min(HISTORY_PAGE_SIZE_DEFAULT, historyPageSizeMax);
  }

  static boolean positive(Duration duration) {
    return duration != null && !duration.isNegative() && !duration.isZero();
  }

  static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
