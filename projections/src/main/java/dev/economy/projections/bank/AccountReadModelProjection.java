package dev.economy.projections.bank;

import dev.economy.messages.bank.AccountClosedEvent;
import dev.economy.messages.bank.AccountCreditedEvent;
import dev.economy.messages.bank.AccountDebitedEvent;
import dev.economy.messages.bank.AccountFrozenEvent;
import dev.economy.messages.bank.AccountKind;
import dev.economy.messages.bank.AccountOpenedEvent;
import dev.economy.messages.bank.AccountRefundedEvent;
import dev.economy.messages.bank.AccountStatus;
import dev.economy.messages.bank.AccountUnfrozenEvent;
import dev.economy.messages.bank.OutgoingTransferSettledEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * account_balance, account_history and money_supply, from the events of the Account aggregates.
 * Every row is a pure function of the events (invariant 5): balances come from the events'
 * balance-after, versions from their sequence numbers, times from their timestamps. Rows of one
 * account are only written by that account's events, so the default per-aggregate sequencing
 * keeps them in order while segments run in parallel.
 */
@Component
@ProcessingGroup(AccountReadModelProjection.PROCESSING_GROUP)
class AccountReadModelProjection {

  static final String PROCESSING_GROUP = "ledger-accounts";

  private static final String INSERT_HISTORY = "insert into account_history (account_id, sequence_number,"
      + " entry_type, transfer_id, idempotency_key, counterparty_account_id, amount_minor, balance_after_minor,"
      + " reason_code, memo, actor, failure_code, occurred_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private final JdbcTemplate jdbc;
  private final LedgerChangePublisher changes;

  AccountReadModelProjection(JdbcTemplate jdbc, LedgerChangePublisher changes) {
    this.jdbc = jdbc;
    this.changes = changes;
  }

  @EventHandler
  void on(AccountOpenedEvent event, @SequenceNumber long sequenceNumber, @Timestamp Instant timestamp) {
    OffsetDateTime at = utc(timestamp);
    jdbc.update("insert into account_balance (account_id, owner_id, kind, status, balance_minor,"
            + " in_flight_out_minor, version, opened_at, updated_at) values (?, ?, ?, ?, 0, 0, ?, ?, ?)",
        event.accountId(), event.ownerId(), event.kind().name(), AccountStatus.OPEN.name(), sequenceNumber, at, at);
    if (event.kind().isSystemAccount()) {
      jdbc.update("insert into money_supply (account_id, kind, balance_minor, total_out_minor, total_in_minor,"
          + " updated_at) values (?, ?, 0, 0, 0, ?)", event.accountId(), event.kind().name(), at);
    }
    changes.accountChanged(event.accountId(), sequenceNumber);
  }

  @EventHandler
  void on(AccountFrozenEvent event, @SequenceNumber long sequenceNumber, @Timestamp Instant timestamp) {
    status(event.accountId(), AccountStatus.FROZEN, sequenceNumber, timestamp);
  }

  @EventHandler
  void on(AccountUnfrozenEvent event, @SequenceNumber long sequenceNumber, @Timestamp Instant timestamp) {
    status(event.accountId(), AccountStatus.OPEN, sequenceNumber, timestamp);
  }

  @EventHandler
  void on(AccountClosedEvent event, @SequenceNumber long sequenceNumber, @Timestamp Instant timestamp) {
    status(event.accountId(), AccountStatus.CLOSED, sequenceNumber, timestamp);
  }

  @EventHandler
  void on(AccountDebitedEvent event, @SequenceNumber long sequenceNumber, @Timestamp Instant timestamp) {
    OffsetDateTime at = utc(timestamp);
    AccountKind kind = updateBalance("update account_balance set balance_minor = ?,"
            + " in_flight_out_minor = in_flight_out_minor + ?, version = ?, updated_at = ? where account_id = ?",
        event.accountId(), event.balanceAfterMinor(), event.amountMinor(), sequenceNumber, at, event.accountId());
    jdbc.update(INSERT_HISTORY, event.accountId(), sequenceNumber, "DEBIT", event.transferId(), event.idempotencyKey(),
        event.counterpartyAccountId(), -event.amountMinor(), event.balanceAfterMinor(), event.reasonCode(),
        event.memo(), event.actor(), null, at);
    if (kind.isSystemAccount()) {
      jdbc.update("update money_supply set balance_minor = ?, total_out_minor = total_out_minor + ?,"
          + " updated_at = ? where account_id = ?", event.balanceAfterMinor(), event.amountMinor(), at,
          event.accountId());
    }
    changes.accountChanged(event.accountId(), sequenceNumber);
  }

  @EventHandler
  void on(AccountCreditedEvent event, @SequenceNumber long sequenceNumber, @Timestamp Instant timestamp) {
    OffsetDateTime at = utc(timestamp);
    AccountKind kind = updateBalance("update account_balance set balance_minor = ?, version = ?, updated_at = ?"
        + " where account_id = ?", event.accountId(), event.balanceAfterMinor(), sequenceNumber, at, event.accountId());
    jdbc.update(INSERT_HISTORY, event.accountId(), sequenceNumber, "CREDIT", event.transferId(),
        event.idempotencyKey(), event.counterpartyAccountId(), event.amountMinor(), event.balanceAfterMinor(),
        event.reasonCode(), event.memo(), event.actor(), null, at);
    moneyIn(kind, event.accountId(), event.balanceAfterMinor(), event.amountMinor(), at);
    changes.accountChanged(event.accountId(), sequenceNumber);
  }

  @EventHandler
  void on(AccountRefundedEvent event, @SequenceNumber long sequenceNumber, @Timestamp Instant timestamp) {
    OffsetDateTime at = utc(timestamp);
    AccountKind kind = updateBalance("update account_balance set balance_minor = ?,"
            + " in_flight_out_minor = in_flight_out_minor - ?, version = ?, updated_at = ? where account_id = ?",
        event.accountId(), event.balanceAfterMinor(), event.amountMinor(), sequenceNumber, at, event.accountId());
    jdbc.update(INSERT_HISTORY, event.accountId(), sequenceNumber, "REFUND", event.transferId(),
        event.idempotencyKey(), event.counterpartyAccountId(), event.amountMinor(), event.balanceAfterMinor(),
        event.reasonCode(), event.memo(), event.actor(), event.failureCode(), at);
    // A refund is money coming back in: the totals stay non-negative and in - out is the balance.
    moneyIn(kind, event.accountId(), event.balanceAfterMinor(), event.amountMinor(), at);
    changes.accountChanged(event.accountId(), sequenceNumber);
  }

  @EventHandler
  void on(OutgoingTransferSettledEvent event, @SequenceNumber long sequenceNumber, @Timestamp Instant timestamp) {
    updateBalance("update account_balance set in_flight_out_minor = in_flight_out_minor - ?,"
            + " version = ?, updated_at = ? where account_id = ?", event.accountId(), event.amountMinor(),
        sequenceNumber, utc(timestamp), event.accountId());
    changes.accountChanged(event.accountId(), sequenceNumber);
  }

  /** A rebuild starts from empty tables; the replay then writes every row again. */
  @ResetHandler
  void reset() {
    jdbc.execute("truncate account_balance, account_history, money_supply");
    changes.forgetCachedAccounts();
  }

  private void status(String accountId, AccountStatus status, long sequenceNumber, Instant timestamp) {
    updateBalance("update account_balance set status = ?, version = ?, updated_at = ? where account_id = ?",
        accountId, status.name(), sequenceNumber, utc(timestamp), accountId);
    changes.accountChanged(accountId, sequenceNumber);
  }

  private void moneyIn(AccountKind kind, String accountId, long balanceAfterMinor, long amountMinor,
      OffsetDateTime at) {
    if (kind.isSystemAccount()) {
      jdbc.update("update money_supply set balance_minor = ?, total_in_minor = total_in_minor + ?,"
          + " updated_at = ? where account_id = ?", balanceAfterMinor, amountMinor, at, accountId);
    }
  }

  /**
   * Updates the account's row and answers its kind, in one statement: whether the money supply
   * moves too is the account's kind, as it was opened, not a guess from its id. An event of an
   * account whose row is missing means the read model lost a row or the stream is out of order:
   * fail the batch (it is retried) rather than silently write nothing.
   */
  private AccountKind updateBalance(String update, String accountId, Object... arguments) {
    List<String> kinds = jdbc.queryForList(update + " returning kind", String.class, arguments);
    if (kinds.size() != 1) {
      throw new IllegalStateException("account_balance has no row for " + accountId
          + " although the event stream says it was opened");
    }
    return AccountKind.valueOf(kinds.get(0));
  }

  static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
