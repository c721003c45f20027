package dev.economy.messages.ledger;

public enum AccountStatus {
  OPEN,
  FROZEN,
  CLOSED
}
