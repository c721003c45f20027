package dev.economy.query.ledger;

import java.time.Instant;
import java.util.List;

/**
 * Where the money is. Sources issue money (their balance goes negative), sinks take it out of the
 * economy, and everything else is held by players or on its way between two accounts. From
 * conservation (the sum of all balances plus the money in flight is zero):
 *
 * <pre>
 *   issuedMinor        = -(sum of the balances of the sources)   net of anything paid back to them
 *   sunkMinor          =   sum of the balances of the sinks
 *   inFlightMinor      =   sum of the transfers debited and not yet credited or refunded
 *   heldByPlayersMinor = -(sum of the balances of all system accounts) - inFlightMinor
 *                      =   issuedMinor - sunkMinor - inFlightMinor
 * </pre>
 *
 * All of it comes from one SQL statement, so one consistent snapshot of the read models.
 */
record MoneySupply(
    List<SystemAccountSupply> systemAccounts,
    long issuedMinor,
    long sunkMinor,
    long inFlightMinor,
    long heldByPlayersMinor) {

  /** {@code totalInMinor - totalOutMinor == balanceMinor}. */
  record SystemAccountSupply(
      String accountId,
      String kind,
      long balanceMinor,
      long totalInMinor,
      long totalOutMinor,
      Instant updatedAt) {}
}
