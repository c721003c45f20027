package dev.economy.messages;

/**
 * A refusal a context can answer with: a stable machine-readable code (clients switch on it, so
 * never rename one) and the HTTP status it travels with. Each context lists its own codes as an
 * enum implementing this (LedgerErrorCode, IdentityErrorCode, ...); the web support turns any of
 * them into RFC 9457 problem+json.
 */
public interface ErrorCode {

  /** The code as clients see it, e.g. {@code insufficient_funds}. */
  String code();

  /** The HTTP status that answers this refusal, e.g. 422. */
  int httpStatus();
}
