package dev.economy.messages.ledger;

/**
 * What an account is for. Player accounts may never go below zero; system sources are where money
 * enters the economy (their balance goes negative as they issue money) and system sinks are where
 * it leaves (TigerBeetle: a source has no debits_must_not_exceed_credits flag, everything else
 * has).
 */
public enum AccountKind {
  WALLET,
  BANK,
  SYSTEM_SOURCE,
  SYSTEM_SINK;

  public boolean isPlayerAccount() {
    return this == WALLET || this == BANK;
  }

  /** Sources and sinks: the accounts whose totals make up the money supply. */
  public boolean isSystemAccount() {
    return this == SYSTEM_SOURCE || this == SYSTEM_SINK;
  }

  /** Only system sources may issue money, i.e. go below zero. */
  public boolean mayGoNegative() {
    return this == SYSTEM_SOURCE;
  }
}
