package dev.economy.messages.bank;

public enum AccountStatus {
  OPEN,
  FROZEN,
  CLOSED
}
