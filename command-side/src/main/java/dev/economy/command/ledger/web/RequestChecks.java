package dev.economy.command.ledger.web;

import dev.economy.messages.ledger.LedgerRules;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The input rules, checked before any command is sent so that a client learns every broken rule of
 * its request at once. The aggregates check them again: HTTP is not the only way in.
 */
final class RequestChecks {

  private final List<String> violations = new ArrayList<>();

  static RequestChecks start() {
    return new RequestChecks();
  }

  List<String> violations() {
    return violations;
  }

  boolean passed() {
    return violations.isEmpty();
  }

  RequestChecks idempotencyKey(String value) {
    return matches(
        "idempotencyKey",
        value,
        LedgerRules.IDEMPOTENCY_KEY,
        "1 to " + LedgerRules.IDEMPOTENCY_KEY_LENGTH_MAX + " characters of A-Z a-z 0-9 . _ : -");
  }

  RequestChecks accountId(String field, String value) {
    return matches(
        field,
        value,
        LedgerRules.ACCOUNT_ID,
        "an account id: player:{playerId}:wallet, player:{playerId}:bank or system:{name}");
  }

  RequestChecks playerId(String field, String value) {
    return matches(field, value, LedgerRules.OWNER_ID, "1 to 64 characters of A-Z a-z 0-9 . _ : -");
  }

  RequestChecks reasonCode(String value) {
    return matches(
        "reasonCode",
        value,
        LedgerRules.REASON_CODE,
        "a code of 1 to 40 characters of a-z 0-9 _ . - starting with a letter");
  }

  RequestChecks amountMinor(Long value) {
    if (value == null) {
      violations.add("amountMinor is missing");
    } else if (value <= 0) {
      // Zero and negative amounts would let a sender reverse a transfer or flood the history.
      violations.add("amountMinor must be a positive whole number of minor units");
    }
    return this;
  }

  RequestChecks memo(String value) {
    if (value != null && value.length() > LedgerRules.MEMO_LENGTH_MAX) {
      violations.add("memo is longer than " + LedgerRules.MEMO_LENGTH_MAX + " characters");
    }
    return this;
  }

  RequestChecks statusReason(String value) {
    if (value == null || value.isBlank()) {
      // Freezing and closing are audited actions: the audit log says why.
      violations.add("reason is missing");
    } else if (value.length() > LedgerRules.STATUS_REASON_LENGTH_MAX) {
      violations.add(
          "reason is longer than " + LedgerRules.STATUS_REASON_LENGTH_MAX + " characters");
    }
    return this;
  }

  RequestChecks differentAccounts(String fromAccountId, String toAccountId) {
    if (fromAccountId != null && fromAccountId.equals(toAccountId)) {
      violations.add("fromAccountId and toAccountId must differ");
    }
    return this;
  }

  private RequestChecks matches(String field, String value, Pattern pattern, String expected) {
    if (value == null) {
      violations.add(field + " is missing");
    } else if (!pattern.matcher(value).matches()) {
      violations.add(field + " must be " + expected);
    }
    return this;
  }
}
