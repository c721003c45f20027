package dev.economy.command.ledger;

import static dev.economy.command.ledger.LedgerFailure.of;

import dev.economy.messages.ledger.LedgerErrorCode;
import dev.economy.messages.ledger.LedgerRules;
import java.util.regex.Pattern;

/** Input rules enforced again inside the aggregates: the HTTP layer is not the only way in. */
final class Checks {
  private Checks() {}

  static void require(boolean condition, String detail) {
    if (!condition) {
      throw of(LedgerErrorCode.VALIDATION_FAILED, detail);
    }
  }

  static void matches(String value, Pattern pattern, String field) {
    require(value != null && pattern.matcher(value).matches(), field + " is missing or malformed");
  }

  static void positiveAmount(long amountMinor) {
    // Amounts are whole minor units; zero and negative transfers would let a sender reverse one.
    require(amountMinor > 0, "amountMinor must be a positive whole number of minor units");
  }

  static void statusReason(String reason) {
    require(
        reason == null || reason.length() <= LedgerRules.STATUS_REASON_LENGTH_MAX,
        "reason is longer than " + LedgerRules.STATUS_REASON_LENGTH_MAX + " characters");
  }

  static void memo(String memo) {
    require(
        memo == null || memo.length() <= LedgerRules.MEMO_LENGTH_MAX,
        "memo is longer than " + LedgerRules.MEMO_LENGTH_MAX + " characters");
  }
}
