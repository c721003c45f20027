package dev.economy.messages.ledger;

/**
 * The system accounts: the only places money comes from and goes to. They are opened at start-up
 * (idempotently), so every deployment has the same set.
 */
public enum SystemAccount {
  PAYROLL("system:payroll", AccountKind.SYSTEM_SOURCE),
  DONATIONS("system:donations", AccountKind.SYSTEM_SOURCE),
  ADMIN_GRANTS("system:admin-grants", AccountKind.SYSTEM_SOURCE),
  PURCHASES("system:purchases", AccountKind.SYSTEM_SINK),
  FEES("system:fees", AccountKind.SYSTEM_SINK);

  public static final String OWNER = "system";

  private final String accountId;
  private final AccountKind kind;

  SystemAccount(String accountId, AccountKind kind) {
    this.accountId = accountId;
    this.kind = kind;
  }

  public String accountId() {
    return accountId;
  }

  public AccountKind kind() {
    return kind;
  }
}
