package dev.economy.messages.ledger;

/**
 * One account of a ledger_changes notification ({@link LedgerChangesChannel}): the projection
 * committed changes to this account, which is now at this version. {@link #RESYNC} means "changes
 * may have been missed" (the listener's connection was re-established): every subscriber re-reads.
 */
public record LedgerChange(String accountId, long version) {

  public static final LedgerChange RESYNC = new LedgerChange(null, -1);

  public boolean resync() {
    return accountId == null;
  }

  public boolean concerns(String account) {
    return resync() || accountId.equals(account);
  }
}
