package dev.economy.query.bank;

/**
 * One account of a ledger_changes notification: the projection committed changes to this account,
 * which is now at this version. {@link #RESYNC} means "changes may have been missed" (the LISTEN
 * connection was re-established): every subscriber re-reads.
 */
record LedgerChange(String accountId, long version) {

  static final LedgerChange RESYNC = new LedgerChange(null, -1);

  boolean resync() {
    return accountId == null;
  }

  boolean concerns(String account) {
    return resync() || accountId.equals(account);
  }
}
