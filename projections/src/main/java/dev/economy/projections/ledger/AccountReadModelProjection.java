package dev.economy.projections.ledger;

import dev.economy.messages.ledger.AccountClosedEvent;
import dev.economy.messages.ledger.AccountCreditedEvent;
import dev.economy.messages.ledger.AccountDebitedEvent;
import dev.economy.messages.ledger.AccountFrozenEvent;
import dev.economy.messages.ledger.AccountOpenedEvent;
import dev.economy.messages.ledger.AccountRefundedEvent;
import dev.economy.messages.ledger.AccountStatus;
import dev.economy.messages.ledger.AccountUnfrozenEvent;
import dev.economy.messages.ledger.HistoryEntryType;
import dev.economy.messages.ledger.OutgoingTransferSettledEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
 * account are only written by that account's events, so the default per-aggregate sequencing keeps
 * them in order while segments run in parallel.
 *
 * <p>The handlers only collect what a batch changes ({@link AccountRowChanges}); the rows are
 * written once per batch, in JDBC batches, just before the batch's transaction commits: one
 * statement per changed account instead of two or three per event.
 */
@Component
@ProcessingGroup(AccountReadModelProjection.PROCESSING_GROUP)
class AccountReadModelProjection {

  static final String PROCESSING_GROUP = "ledger-accounts";

  private final JdbcTemplate jdbc;
  private final LedgerChangePublisher changes;

  AccountReadModelProjection(JdbcTemplate jdbc, LedgerChangePublisher changes) {
    this.jdbc = jdbc;
    this.changes = changes;
  }

  @EventHandler
  void on(
      AccountOpenedEvent event, @SequenceNumber long sequenceNumber, @Timestamp Instant timestamp) {
    AccountRowChanges.current(jdbc)
        .opened(event.accountId(), event.ownerId(), event.kind(), sequenceNumber, utc(timestamp));
    changes.accountChanged(event.accountId(), sequenceNumber);
  }

  @EventHandler
  void on(
      AccountFrozenEvent event, @SequenceNumber long sequenceNumber, @Timestamp Instant timestamp) {
    status(event.accountId(), AccountStatus.FROZEN, sequenceNumber, timestamp);
  }

  @EventHandler
  void on(
      AccountUnfrozenEvent event,
      @SequenceNumber long sequenceNumber,
      @Timestamp Instant timestamp) {
    status(event.accountId(), AccountStatus.OPEN, sequenceNumber, timestamp);
  }

  @EventHandler
  void on(
      AccountClosedEvent event, @SequenceNumber long sequenceNumber, @Timestamp Instant timestamp) {
    status(event.accountId(), AccountStatus.CLOSED, sequenceNumber, timestamp);
  }

  @EventHandler
  void on(
      AccountDebitedEvent event,
      @SequenceNumber long sequenceNumber,
      @Timestamp Instant timestamp) {
    OffsetDateTime at = utc(timestamp);
    AccountRowChanges rows = AccountRowChanges.current(jdbc);
    rows.moved(
        event.accountId(),
        event.balanceAfterMinor(),
        event.amountMinor(),
        0,
        event.amountMinor(),
        sequenceNumber,
        at);
    rows.history(
        new HistoryRow(
            event.accountId(),
            sequenceNumber,
            HistoryEntryType.DEBIT,
            event.transferId(),
            event.idempotencyKey(),
            event.counterpartyAccountId(),
            -event.amountMinor(),
            event.balanceAfterMinor(),
            event.reasonCode(),
            event.memo(),
            event.actor(),
            null,
            at));
    changes.accountChanged(event.accountId(), sequenceNumber);
  }

  @EventHandler
  void on(
      AccountCreditedEvent event,
      @SequenceNumber long sequenceNumber,
      @Timestamp Instant timestamp) {
    OffsetDateTime at = utc(timestamp);
    AccountRowChanges rows = AccountRowChanges.current(jdbc);
    rows.moved(
        event.accountId(),
        event.balanceAfterMinor(),
        0,
        event.amountMinor(),
        0,
        sequenceNumber,
        at);
    rows.history(
        new HistoryRow(
            event.accountId(),
            sequenceNumber,
            HistoryEntryType.CREDIT,
            event.transferId(),
            event.idempotencyKey(),
            event.counterpartyAccountId(),
            event.amountMinor(),
            event.balanceAfterMinor(),
            event.reasonCode(),
            event.memo(),
            event.actor(),
            null,
            at));
    changes.accountChanged(event.accountId(), sequenceNumber);
  }

  @EventHandler
  void on(
      AccountRefundedEvent event,
      @SequenceNumber long sequenceNumber,
      @Timestamp Instant timestamp) {
    OffsetDateTime at = utc(timestamp);
    AccountRowChanges rows = AccountRowChanges.current(jdbc);
    // A refund is money coming back in: the totals stay non-negative and in - out is the balance.
    rows.moved(
        event.accountId(),
        event.balanceAfterMinor(),
        0,
        event.amountMinor(),
        -event.amountMinor(),
        sequenceNumber,
        at);
    rows.history(
        new HistoryRow(
            event.accountId(),
            sequenceNumber,
            HistoryEntryType.REFUND,
            event.transferId(),
            event.idempotencyKey(),
            event.counterpartyAccountId(),
            event.amountMinor(),
            event.balanceAfterMinor(),
            event.reasonCode(),
            event.memo(),
            event.actor(),
            event.failureCode(),
            at));
    changes.accountChanged(event.accountId(), sequenceNumber);
  }

  @EventHandler
  void on(
      OutgoingTransferSettledEvent event,
      @SequenceNumber long sequenceNumber,
      @Timestamp Instant timestamp) {
    AccountRowChanges.current(jdbc)
        .settled(event.accountId(), event.amountMinor(), sequenceNumber, utc(timestamp));
    changes.accountChanged(event.accountId(), sequenceNumber);
  }

  /** A rebuild starts from empty tables; the replay then writes every row again. */
  @ResetHandler
  void reset() {
    jdbc.execute("truncate account_balance, account_history, money_supply");
    changes.forgetCachedAccounts();
  }

  private void status(
      String accountId, AccountStatus status, long sequenceNumber, Instant timestamp) {
    AccountRowChanges.current(jdbc).status(accountId, status, sequenceNumber, utc(timestamp));
    changes.accountChanged(accountId, sequenceNumber);
  }

  static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
