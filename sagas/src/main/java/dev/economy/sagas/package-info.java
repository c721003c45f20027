/**
 * Long-running processes: donation crediting, refunds and chargebacks, notification dispatch.
 *
 * <p>Wired into the build and the application (it is scanned under dev.economy), and empty until
 * the donations and notifications issues: the ledger's own two-step transfer is settled by the
 * command side's transfer-settlement processor, not by a saga, so that a transfer's outcome is
 * known within the HTTP request that asked for it.
 */
package dev.economy.sagas;
