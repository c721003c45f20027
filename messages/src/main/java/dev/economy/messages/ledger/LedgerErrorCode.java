package dev.economy.messages.ledger;

import dev.economy.messages.ErrorCode;
import java.util.Locale;

/**
 * Stable, machine-readable error codes. They travel as the {@code details} of a
 * CommandExecutionException (so they survive Axon Server routing) and end up as the {@code code}
 * member of a problem+json body. Never rename one: clients switch on them.
 */
public enum LedgerErrorCode implements ErrorCode {
  VALIDATION_FAILED(400),
  NOT_FOUND(404),
  INSUFFICIENT_FUNDS(422),
  ACCOUNT_FROZEN(422),
  ACCOUNT_CLOSED(422),
  ACCOUNT_ALREADY_EXISTS(409),
  ACCOUNT_NOT_EMPTY(422),
  AMOUNT_OVERFLOW(422),
  IDEMPOTENCY_CONFLICT(409);

  private final int httpStatus;

  LedgerErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  @Override
  public int httpStatus() {
    return httpStatus;
  }

  /** The wire form: {@code insufficient_funds}. */
  @Override
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
