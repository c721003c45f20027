package dev.economy.app.ledger;

import dev.economy.app.ledger.StoredEvents.StoredEvent;
import dev.economy.messages.ledger.AccountClosedEvent;
import dev.economy.messages.ledger.AccountCreditedEvent;
import dev.economy.messages.ledger.AccountDebitedEvent;
import dev.economy.messages.ledger.AccountFrozenEvent;
import dev.economy.messages.ledger.AccountKind;
import dev.economy.messages.ledger.AccountOpenedEvent;
import dev.economy.messages.ledger.AccountRefundedEvent;
import dev.economy.messages.ledger.AccountStatus;
import dev.economy.messages.ledger.AccountUnfrozenEvent;
import dev.economy.messages.ledger.OutgoingTransferSettledEvent;
import dev.economy.messages.ledger.TransferCompletedEvent;
import dev.economy.messages.ledger.TransferInitiatedEvent;
import dev.economy.messages.ledger.TransferReturnedEvent;
import dev.economy.messages.ledger.TransferStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The ledger recomputed from its events alone, independently of the aggregates and projections,
 * checking the invariants after every single event (docs/architecture.md, invariants 1 to 3):
 * balances plus money in flight sum to zero, no player or sink balance is negative, every transfer
 * is debited at most once and credited or refunded at most once, and every balance recorded in an
 * event is the previous balance plus or minus the amount.
 */
final class LedgerFold {

  static final class AccountState {
    final String accountId;
    final String ownerId;
    final AccountKind kind;
    final Instant openedAt;
    AccountStatus status = AccountStatus.OPEN;
    long balanceMinor;
    long inFlightOutMinor;
    long lastSequenceNumber;
    long lowestBalanceMinor;

    AccountState(String accountId, String ownerId, AccountKind kind, Instant openedAt) {
      this.accountId = accountId;
      this.ownerId = ownerId;
      this.kind = kind;
      this.openedAt = openedAt;
    }
  }

  static final class TransferState {
    final TransferInitiatedEvent initiated;
    boolean debited;
    boolean credited;
    boolean refunded;
    boolean sourceSettled;
    TransferStatus status = TransferStatus.PENDING;
    String failureCode;

    TransferState(TransferInitiatedEvent initiated) {
      this.initiated = initiated;
    }
  }

  /** One movement as the account_history read model is meant to hold it. */
  record HistoryRow(
      String accountId,
      long sequenceNumber,
      String entryType,
      String transferId,
      String idempotencyKey,
      String counterpartyAccountId,
      long amountMinor,
      long balanceAfterMinor,
      String reasonCode,
      String memo,
      String actor,
      String failureCode,
      Instant occurredAt) {}

  private final Map<String, AccountState> accounts = new TreeMap<>();
  private final Map<String, TransferState> transfers = new HashMap<>();

  /** Per transfer, the amount debited and neither credited nor refunded yet. */
  private final Map<String, Long> inFlight = new HashMap<>();

  private final List<HistoryRow> history = new ArrayList<>();
  private long balanceSum;
  private long inFlightSum;
  private long eventsFolded;
  private StoredEvent current;

  static LedgerFold of(List<StoredEvent> events) {
    LedgerFold fold = new LedgerFold();
    events.forEach(fold::apply);
    return fold;
  }

  void apply(StoredEvent event) {
    current = event;
    Object payload = event.payload();
    if (payload instanceof AccountOpenedEvent e) {
      check(!accounts.containsKey(e.accountId()), () -> "account opened twice");
      check(event.sequenceNumber() == 0, () -> "an account starts at sequence number 0");
      AccountState state =
          new AccountState(e.accountId(), e.ownerId(), e.kind(), event.timestamp());
      accounts.put(e.accountId(), state);
    } else if (payload instanceof AccountFrozenEvent e) {
      account(e.accountId()).status = AccountStatus.FROZEN;
    } else if (payload instanceof AccountUnfrozenEvent e) {
      account(e.accountId()).status = AccountStatus.OPEN;
    } else if (payload instanceof AccountClosedEvent e) {
      AccountState account = account(e.accountId());
      // A closed account can take nothing back, so it must hold nothing and expect nothing.
      check(account.balanceMinor == 0, () -> "closed with a balance of " + account.balanceMinor);
      check(
          account.inFlightOutMinor == 0,
          () -> "closed with " + account.inFlightOutMinor + " in flight");
      account.status = AccountStatus.CLOSED;
    } else if (payload instanceof TransferInitiatedEvent e) {
      check(
          event.aggregateId().equals(e.transferId()), () -> "transfer event on another aggregate");
      check(!transfers.containsKey(e.transferId()), () -> "transfer initiated twice");
      check(e.amountMinor() > 0, () -> "amount not positive");
      check(!e.fromAccountId().equals(e.toAccountId()), () -> "transfer to itself");
      transfers.put(e.transferId(), new TransferState(e));
    } else if (payload instanceof AccountDebitedEvent e) {
      AccountState account = account(e.accountId());
      TransferState transfer = transfer(e.transferId());
      check(!transfer.debited, () -> "idempotency key " + e.idempotencyKey() + " debited twice");
      check(
          e.accountId().equals(transfer.initiated.fromAccountId()),
          () -> "debit of another account than the source");
      check(
          e.amountMinor() == transfer.initiated.amountMinor(),
          () -> "debit of another amount than the transfer's");
      check(
          account.status == AccountStatus.OPEN, () -> "debit of a " + account.status + " account");
      transfer.debited = true;
      moveBalance(account, -e.amountMinor(), e.balanceAfterMinor());
      account.inFlightOutMinor += e.amountMinor();
      inFlight.put(e.transferId(), e.amountMinor());
      inFlightSum += e.amountMinor();
      history.add(
          new HistoryRow(
              e.accountId(),
              event.sequenceNumber(),
              "DEBIT",
              e.transferId(),
              e.idempotencyKey(),
              e.counterpartyAccountId(),
              -e.amountMinor(),
              e.balanceAfterMinor(),
              e.reasonCode(),
              e.memo(),
              e.actor(),
              null,
              event.timestamp()));
    } else if (payload instanceof AccountCreditedEvent e) {
      AccountState account = account(e.accountId());
      TransferState transfer = transfer(e.transferId());
      check(transfer.debited, () -> "credit before its debit");
      check(!transfer.credited, () -> "idempotency key " + e.idempotencyKey() + " credited twice");
      check(!transfer.refunded, () -> "credit of a refunded transfer");
      check(
          e.accountId().equals(transfer.initiated.toAccountId()),
          () -> "credit of another account than the destination");
      check(
          account.status == AccountStatus.OPEN, () -> "credit of a " + account.status + " account");
      leaveFlight(e.transferId(), e.amountMinor());
      transfer.credited = true;
      moveBalance(account, e.amountMinor(), e.balanceAfterMinor());
      history.add(
          new HistoryRow(
              e.accountId(),
              event.sequenceNumber(),
              "CREDIT",
              e.transferId(),
              e.idempotencyKey(),
              e.counterpartyAccountId(),
              e.amountMinor(),
              e.balanceAfterMinor(),
              e.reasonCode(),
              e.memo(),
              e.actor(),
              null,
              event.timestamp()));
    } else if (payload instanceof AccountRefundedEvent e) {
      AccountState account = account(e.accountId());
      TransferState transfer = transfer(e.transferId());
      check(transfer.debited, () -> "refund before its debit");
      check(!transfer.refunded, () -> "idempotency key " + e.idempotencyKey() + " refunded twice");
      check(!transfer.credited, () -> "refund of a credited transfer");
      check(
          e.accountId().equals(transfer.initiated.fromAccountId()),
          () -> "refund to another account than the source");
      check(e.failureCode() != null, () -> "refund without the destination's refusal");
      leaveFlight(e.transferId(), e.amountMinor());
      transfer.refunded = true;
      moveBalance(account, e.amountMinor(), e.balanceAfterMinor());
      account.inFlightOutMinor -= e.amountMinor();
      history.add(
          new HistoryRow(
              e.accountId(),
              event.sequenceNumber(),
              "REFUND",
              e.transferId(),
              e.idempotencyKey(),
              e.counterpartyAccountId(),
              e.amountMinor(),
              e.balanceAfterMinor(),
              e.reasonCode(),
              e.memo(),
              e.actor(),
              e.failureCode(),
              event.timestamp()));
    } else if (payload instanceof OutgoingTransferSettledEvent e) {
      AccountState account = account(e.accountId());
      TransferState transfer = transfer(e.transferId());
      check(transfer.credited, () -> "source settled before the destination was credited");
      check(!transfer.sourceSettled, () -> "source settled twice");
      check(e.amountMinor() == transfer.initiated.amountMinor(), () -> "settled another amount");
      transfer.sourceSettled = true;
      account.inFlightOutMinor -= e.amountMinor();
      check(account.inFlightOutMinor >= 0, () -> "negative in flight out");
    } else if (payload instanceof TransferCompletedEvent e) {
      TransferState transfer = transfer(e.transferId());
      check(
          transfer.status == TransferStatus.PENDING,
          () -> "completed a " + transfer.status + " transfer");
      check(
          transfer.credited && transfer.sourceSettled, () -> "completed before the credit landed");
      transfer.status = TransferStatus.COMPLETED;
    } else if (payload instanceof TransferReturnedEvent e) {
      TransferState transfer = transfer(e.transferId());
      check(
          transfer.status == TransferStatus.PENDING,
          () -> "returned a " + transfer.status + " transfer");
      check(transfer.refunded, () -> "returned before the refund landed");
      transfer.status = TransferStatus.RETURNED;
      transfer.failureCode = e.failureCode();
    } else if (payload
        .getClass()
        .getPackageName()
        .equals(AccountOpenedEvent.class.getPackageName())) {
      throw new AssertionError(
          "the fold does not know " + payload.getClass() + ": teach it, the audit must too");
    } else {
      // Another context's event (players, taxi, ...): money only moves through the events above.
      return;
    }
    if (accounts.containsKey(event.aggregateId())) {
      AccountState account = accounts.get(event.aggregateId());
      // Events of one account are gap-free: nothing of it was lost or written twice.
      check(
          event.sequenceNumber() == 0 || event.sequenceNumber() == account.lastSequenceNumber + 1,
          () -> "sequence gap after " + account.lastSequenceNumber);
      account.lastSequenceNumber = event.sequenceNumber();
    }
    // Invariant 1: money is neither made nor lost, only moved, counting what is in flight.
    check(
        balanceSum + inFlightSum == 0,
        () -> "balances sum to " + balanceSum + " with " + inFlightSum + " in flight");
    eventsFolded++;
  }

  private void moveBalance(AccountState account, long deltaMinor, long recordedBalanceAfterMinor) {
    long expected = Math.addExact(account.balanceMinor, deltaMinor);
    check(
        recordedBalanceAfterMinor == expected,
        () ->
            "event says balance "
                + recordedBalanceAfterMinor
                + ", previous balance and amount say "
                + expected);
    balanceSum += deltaMinor;
    account.balanceMinor = expected;
    account.lowestBalanceMinor = Math.min(account.lowestBalanceMinor, expected);
    // Invariant 2: only system sources issue money; players and sinks never go below zero.
    check(
        account.kind.mayGoNegative() || expected >= 0,
        () -> account.kind + " account " + account.accountId + " went to " + expected);
  }

  private void leaveFlight(String transferId, long amountMinor) {
    Long pending = inFlight.remove(transferId);
    check(pending != null, () -> "nothing in flight for transfer " + transferId);
    check(pending == amountMinor, () -> "in flight " + pending + " but " + amountMinor + " landed");
    inFlightSum -= amountMinor;
  }

  private AccountState account(String accountId) {
    check(current.aggregateId().equals(accountId), () -> "account event on another aggregate");
    AccountState account = accounts.get(accountId);
    check(account != null, () -> "event of an account that was never opened: " + accountId);
    return account;
  }

  private TransferState transfer(String transferId) {
    TransferState transfer = transfers.get(transferId);
    check(transfer != null, () -> "event of a transfer that was never initiated: " + transferId);
    return transfer;
  }

  private void check(boolean condition, Supplier<String> what) {
    if (!condition) {
      throw new AssertionError(
          "ledger invariant broken at event #"
              + current.globalIndex()
              + " ("
              + current.aggregateId()
              + "/"
              + current.sequenceNumber()
              + ") "
              + current.payload()
              + ": "
              + what.get());
    }
  }

  Map<String, AccountState> accounts() {
    return Collections.unmodifiableMap(accounts);
  }

  Map<String, TransferState> transfers() {
    return Collections.unmodifiableMap(transfers);
  }

  Map<String, Long> inFlight() {
    return Collections.unmodifiableMap(inFlight);
  }

  List<HistoryRow> history() {
    return Collections.unmodifiableList(history);
  }

  long balanceSum() {
    return balanceSum;
  }

  long eventsFolded() {
    return eventsFolded;
  }
}
