package dev.economy.query.ledger;

import dev.economy.messages.ledger.LedgerRules;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * A validated history query. Parameters arrive as text and are checked here, so that every bad one
 * gets the same validation_failed problem with a message naming it, never a framework error.
 *
 * @param beforeSequenceNumber from the cursor: only entries older than this, or null for the newest
 * @param from inclusive lower bound on occurred_at, or null
 * @param to exclusive upper bound on occurred_at, or null
 */
record HistoryRequest(
    String accountId,
    int limit,
    Long beforeSequenceNumber,
    Instant from,
    Instant to,
    String reasonCode) {

  static HistoryRequest parse(
      String accountId,
      String limit,
      String cursor,
      String from,
      String to,
      String reason,
      QuerySettings settings) {
    AccountIds.requireAccountId(accountId);
    int pageSize = parseLimit(limit, settings);
    Instant fromInstant = parseTime("from", from);
    Instant toInstant = parseTime("to", to);
    if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
      throw QueryProblem.validation("from must be before to (from is inclusive, to exclusive)");
    }
    if (reason != null && !LedgerRules.REASON_CODE.matcher(reason).matches()) {
      throw QueryProblem.validation(
          "reason must be a reason code such as salary or purchase (pattern "
              + LedgerRules.REASON_CODE.pattern()
              + ")");
    }
    // A cursor is bound to the account and filters it was made for (HistoryCursor).
    Long before =
        cursor == null
            ? null
            : HistoryCursor.decode(
                cursor, HistoryCursor.bindingOf(accountId, fromInstant, toInstant, reason));
    return new HistoryRequest(accountId, pageSize, before, fromInstant, toInstant, reason);
  }

  /** What this query's cursors are bound to: the account and the filters. */
  String cursorBinding() {
    return HistoryCursor.bindingOf(accountId, from, to, reasonCode);
  }

  private static int parseLimit(String limit, QuerySettings settings) {
    if (limit == null) {
      return settings.historyPageSizeDefault();
    }
    int value;
    try {
      value = Integer.parseInt(limit);
    } catch (NumberFormatException notNumber) {
      throw QueryProblem.validation(
          "limit must be a whole number from 1 to " + settings.historyPageSizeMax());
    }
    if (value < 1 || value > settings.historyPageSizeMax()) {
      // Not clamped: a client asking for more than the maximum would otherwise believe it got it
      // all.
      throw QueryProblem.validation(
          "limit must be from 1 to " + settings.historyPageSizeMax() + ", was " + value);
    }
    return value;
  }

  /** Lengths of a valid ISO-8601 date-time with offset are far below this. */
  private static final int TIME_LENGTH_MAX = 64;

  private static Instant parseTime(String name, String value) {
    if (value == null) {
      return null;
    }
    if (value.length() <= TIME_LENGTH_MAX) {
      try {
        return OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeParseException notIsoTime) {
        // falls through to the problem below
      }
    }
    throw QueryProblem.validation(
        name + " must be an ISO-8601 date-time with an offset, e.g. 2026-01-31T18:00:00Z");
  }
}
