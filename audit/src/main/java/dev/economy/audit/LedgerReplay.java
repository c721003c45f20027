package dev.economy.audit;

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
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ledger rebuilt from its events alone, in global order: every account (balance, kind, owner,
 * status, money in flight out of it) and every transfer (debited, credited, refunded, amount),
 * checking the invariants of docs/architecture.md after every event. An independent fold: it calls
 * nothing of the command side or the projections, only reads the events of {@code messages}.
 *
 * <p>A broken rule is recorded as a {@link Violation} and the replay goes on, so that one report
 * names every violation. The balances it keeps are its own sums of the amounts, never the balances
 * the events recorded (a recorded balance that disagrees is itself a violation).
 */
public final class LedgerReplay {

  /** At most this many violations are kept (all are counted). */
  static final int VIOLATIONS_KEPT_MAX = 10_000;

  /** An account as the events say it is. */
  public static final class AccountState {
    public final String accountId;
    public final String ownerId;

    /** Null for an account that was never opened but had money moved through it. */
    public final AccountKind kind;

    public AccountStatus status = AccountStatus.OPEN;
    public long balanceMinor;
    public long inFlightOutMinor;
    public long totalOutMinor;
    public long totalInMinor;
    long lastSequenceNumber = -1;

    AccountState(String accountId, String ownerId, AccountKind kind) {
      this.accountId = accountId;
      this.ownerId = ownerId;
      this.kind = kind;
    }

    boolean mayGoNegative() {
      return kind == AccountKind.SYSTEM_SOURCE;
    }
  }

  /** A transfer as the events say it is. */
  public static final class TransferState {
    public final String transferId;
    public final String idempotencyKey;
    public final String actor;
    public final String fromAccountId;
    public final String toAccountId;
    public final long amountMinor;

    /** The amount debited, when it was (0 before). */
    public long debitedMinor;

    public boolean debited;
    public boolean credited;
    public boolean refunded;
    public boolean sourceSettled;
    public String outcome = "PENDING";
    long lastSequenceNumber = -1;

    TransferState(TransferInitiatedEvent e) {
      this.transferId = e.transferId();
      this.idempotencyKey = e.idempotencyKey();
      this.actor = e.actor();
      this.fromAccountId = e.fromAccountId();
      this.toAccountId = e.toAccountId();
      this.amountMinor = e.amountMinor();
    }

    boolean inFlight() {
      return debited && !credited && !refunded;
    }
  }

  private final Map<String, AccountState> accounts = new TreeMap<>();
  private final Map<String, TransferState> transfers = new HashMap<>();

  /** actor + "\n" + key to the transfer that used it first. */
  private final Map<String, String> keys = new HashMap<>();

  private final Map<String, Long> eventsByType = new TreeMap<>();
  private final Map<String, Long> unknownTypes = new TreeMap<>();
  private final List<Violation> violations = new ArrayList<>();
  private long violationCount;
  private long balanceSum;
  private long inFlightSum;

  /** The last imbalance reported, so that a broken sum is reported where it changes, not after. */
  private long reportedImbalance;

  private long events;
  private long lastPosition = -1;
  private String lastTimestamp;
  private StoredEvent current;

  /** Folds one event; events must come in global order. */
  public void apply(StoredEvent event) {
    current = event;
    events++;
    lastPosition = event.globalIndex();
    lastTimestamp = event.timestamp();
    Object payload = event.payload();
    if (!event.known()) {
      unknownTypes.merge(event.payloadType(), 1L, Long::sum);
      eventsByType.merge(event.payloadType(), 1L, Long::sum);
      return;
    }
    eventsByType.merge(simpleName(event.payloadType()), 1L, Long::sum);
    if (payload == null) {
      // Another context's event (players, ...): money moves only through the ledger's events.
      return;
    }
    if (payload instanceof EventReader.Unreadable u) {
      violation(Violation.LEDGER_RULES, "the payload cannot be read: " + u.reason());
      return;
    }
    if (payload instanceof AccountOpenedEvent e) {
      opened(e);
    } else if (payload instanceof AccountFrozenEvent e) {
      statusChanged(e.accountId(), AccountStatus.FROZEN);
    } else if (payload instanceof AccountUnfrozenEvent e) {
      statusChanged(e.accountId(), AccountStatus.OPEN);
    } else if (payload instanceof AccountClosedEvent e) {
      closed(e);
    } else if (payload instanceof TransferInitiatedEvent e) {
      initiated(e);
    } else if (payload instanceof AccountDebitedEvent e) {
      debited(e);
    } else if (payload instanceof AccountCreditedEvent e) {
      credited(e);
    } else if (payload instanceof AccountRefundedEvent e) {
      refunded(e);
    } else if (payload instanceof OutgoingTransferSettledEvent e) {
      sourceSettled(e);
    } else if (payload instanceof TransferCompletedEvent e) {
      finished(e.transferId(), "COMPLETED", true);
    } else if (payload instanceof TransferReturnedEvent e) {
      finished(e.transferId(), "RETURNED", false);
    } else {
      // Another context's event (players, ...): money moves only through the events above.
      return;
    }
    // Invariant 1, after every event: reported where the sum breaks (or changes while broken).
    long imbalance = balanceSum + inFlightSum;
    if (imbalance != reportedImbalance) {
      if (imbalance != 0) {
        violation(
            Violation.CONSERVATION,
            "balances sum to "
                + balanceSum
                + " with "
                + inFlightSum
                + " in flight: "
                + imbalance
                + " created from nothing"
                + (imbalance < 0 ? " (negative: lost)" : ""));
      }
      reportedImbalance = imbalance;
    }
  }

  private void opened(AccountOpenedEvent e) {
    sequence(e.accountId());
    AccountState existing = accounts.get(e.accountId());
    if (existing != null && existing.kind != null) {
      violation(Violation.LEDGER_RULES, "account " + e.accountId() + " opened twice");
      return;
    }
    AccountState account = new AccountState(e.accountId(), e.ownerId(), e.kind());
    account.lastSequenceNumber = current.sequenceNumber();
    if (existing != null) {
      // Money moved through it before it was opened (reported then): keep what it holds.
      account.balanceMinor = existing.balanceMinor;
      account.inFlightOutMinor = existing.inFlightOutMinor;
      account.lastSequenceNumber = existing.lastSequenceNumber;
    }
    accounts.put(e.accountId(), account);
  }

  private void statusChanged(String accountId, AccountStatus status) {
    AccountState account = account(accountId);
    if (account.status == AccountStatus.CLOSED) {
      violation(Violation.LEDGER_RULES, "status of a closed account changed to " + status);
    }
    account.status = status;
  }

  private void closed(AccountClosedEvent e) {
    AccountState account = account(e.accountId());
    if (account.balanceMinor != 0 || account.inFlightOutMinor != 0) {
      violation(
          Violation.LEDGER_RULES,
          "closed with a balance of "
              + account.balanceMinor
              + " and "
              + account.inFlightOutMinor
              + " in flight");
    }
    account.status = AccountStatus.CLOSED;
  }

  private void initiated(TransferInitiatedEvent e) {
    if (!current.aggregateId().equals(e.transferId())) {
      violation(Violation.LEDGER_RULES, "transfer event stored on aggregate of another transfer");
    }
    TransferState existing = transfers.get(e.transferId());
    if (existing != null) {
      violation(
          Violation.IDEMPOTENCY_KEY,
          "transfer " + e.transferId() + " initiated again (key " + e.idempotencyKey() + ")");
      sequenceOf(existing);
      return;
    }
    TransferState transfer = new TransferState(e);
    sequenceOf(transfer);
    transfers.put(e.transferId(), transfer);
    String scopedKey = e.actor() + "\n" + e.idempotencyKey();
    String first = keys.putIfAbsent(scopedKey, e.transferId());
    if (first != null) {
      violation(
          Violation.IDEMPOTENCY_KEY,
          "idempotency key "
              + e.idempotencyKey()
              + " of actor "
              + e.actor()
              + " used again, for transfer "
              + e.transferId()
              + " (first used for "
              + first
              + ")");
    }
    positive(e.amountMinor());
    if (e.fromAccountId().equals(e.toAccountId())) {
      violation(Violation.LEDGER_RULES, "a transfer from an account to itself");
    }
  }

  private void debited(AccountDebitedEvent e) {
    AccountState account = account(e.accountId());
    positive(e.amountMinor());
    TransferState transfer = transfers.get(e.transferId());
    if (transfer == null) {
      violation(
          Violation.SETTLEMENT_MATCHES,
          "debit of transfer " + e.transferId() + ", which was never initiated");
    } else {
      if (transfer.debited) {
        violation(Violation.SETTLED_ONCE, "transfer " + e.transferId() + " debited twice");
      }
      if (!e.accountId().equals(transfer.fromAccountId)
          || e.amountMinor() != transfer.amountMinor) {
        violation(
            Violation.SETTLEMENT_MATCHES,
            "debit of "
                + e.amountMinor()
                + " from "
                + e.accountId()
                + ", the transfer says "
                + transfer.amountMinor
                + " from "
                + transfer.fromAccountId);
      }
      if (!transfer.debited) {
        transfer.debited = true;
        transfer.debitedMinor = e.amountMinor();
        inFlightSum += e.amountMinor();
        account.inFlightOutMinor += e.amountMinor();
      } else {
        // A second debit of the same transfer: the money left the account, and nothing owes it.
        transfer.debitedMinor += e.amountMinor();
        inFlightSum += e.amountMinor();
        account.inFlightOutMinor += e.amountMinor();
      }
    }
    if (account.status != AccountStatus.OPEN) {
      violation(Violation.LEDGER_RULES, "debit of a " + account.status + " account");
    }
    account.totalOutMinor += e.amountMinor();
    move(account, -e.amountMinor(), e.balanceAfterMinor());
  }

  private void credited(AccountCreditedEvent e) {
    AccountState account = account(e.accountId());
    positive(e.amountMinor());
    TransferState transfer = transfers.get(e.transferId());
    landed(transfer, e.transferId(), e.amountMinor(), e.accountId(), true);
    if (account.status != AccountStatus.OPEN) {
      violation(Violation.LEDGER_RULES, "credit of a " + account.status + " account");
    }
    account.totalInMinor += e.amountMinor();
    move(account, e.amountMinor(), e.balanceAfterMinor());
  }

  private void refunded(AccountRefundedEvent e) {
    AccountState account = account(e.accountId());
    positive(e.amountMinor());
    TransferState transfer = transfers.get(e.transferId());
    boolean counted = landed(transfer, e.transferId(), e.amountMinor(), e.accountId(), false);
    if (counted) {
      account.inFlightOutMinor -= e.amountMinor();
    }
    account.totalInMinor += e.amountMinor();
    move(account, e.amountMinor(), e.balanceAfterMinor());
  }

  /**
   * A credit or a refund: the money of a debited transfer lands, once. Returns whether it took the
   * money out of flight (it did not when nothing of the transfer was in flight).
   */
  private boolean landed(
      TransferState transfer,
      String transferId,
      long amountMinor,
      String accountId,
      boolean credit) {
    String what = credit ? "credit" : "refund";
    if (transfer == null || !transfer.debited) {
      violation(
          Violation.SETTLEMENT_MATCHES,
          what
              + " of "
              + amountMinor
              + " for transfer "
              + transferId
              + ", which was never "
              + (transfer == null ? "initiated" : "debited")
              + ": money from nothing");
      return false;
    }
    if (transfer.credited || transfer.refunded) {
      violation(
          Violation.SETTLED_ONCE,
          "transfer "
              + transferId
              + " "
              + (credit ? "credited" : "refunded")
              + " after it was already "
              + (transfer.credited ? "credited" : "refunded"));
      return false;
    }
    String expectedAccount = credit ? transfer.toAccountId : transfer.fromAccountId;
    if (amountMinor != transfer.debitedMinor || !accountId.equals(expectedAccount)) {
      violation(
          Violation.SETTLEMENT_MATCHES,
          what
              + " of "
              + amountMinor
              + " to "
              + accountId
              + ", the debit was "
              + transfer.debitedMinor
              + " to land on "
              + expectedAccount);
    }
    if (credit) {
      transfer.credited = true;
    } else {
      transfer.refunded = true;
    }
    inFlightSum -= transfer.debitedMinor;
    if (!credit && amountMinor != transfer.debitedMinor) {
      // The source's in-flight amount drops by what was debited; the difference is reported above.
      AccountState source = accounts.get(transfer.fromAccountId);
      if (source != null) {
        source.inFlightOutMinor -= transfer.debitedMinor;
      }
      return false;
    }
    // A credit of another amount: what left flight is the debit, the balance moves by the credit,
    // and conservation reports the difference.
    return true;
  }

  private void sourceSettled(OutgoingTransferSettledEvent e) {
    AccountState account = account(e.accountId());
    TransferState transfer = transfers.get(e.transferId());
    if (transfer == null || !transfer.credited) {
      violation(
          Violation.SETTLEMENT_MATCHES,
          "source settled for transfer " + e.transferId() + " before its credit landed");
    } else if (transfer.sourceSettled) {
      violation(Violation.SETTLED_ONCE, "source of transfer " + e.transferId() + " settled twice");
      return;
    } else {
      transfer.sourceSettled = true;
      if (e.amountMinor() != transfer.debitedMinor) {
        violation(
            Violation.SETTLEMENT_MATCHES,
            "source settled " + e.amountMinor() + ", the debit was " + transfer.debitedMinor);
      }
    }
    account.inFlightOutMinor -= e.amountMinor();
  }

  private void finished(String transferId, String outcome, boolean completed) {
    TransferState transfer = transfers.get(transferId);
    if (transfer == null) {
      violation(
          Violation.LEDGER_RULES, "transfer " + transferId + " " + outcome + ", never initiated");
      return;
    }
    sequenceOf(transfer);
    if (!transfer.outcome.equals("PENDING")) {
      violation(
          Violation.SETTLED_ONCE, "transfer " + outcome + " after it was " + transfer.outcome);
    } else if (completed ? !transfer.credited : !transfer.refunded) {
      violation(
          Violation.LEDGER_RULES,
          "transfer " + outcome + " before its " + (completed ? "credit" : "refund") + " landed");
    }
    transfer.outcome = outcome;
  }

  private void move(AccountState account, long deltaMinor, long recordedBalanceAfterMinor) {
    long before = account.balanceMinor;
    long after;
    try {
      after = Math.addExact(before, deltaMinor);
    } catch (ArithmeticException overflow) {
      violation(Violation.AMOUNT, "balance overflows 64 bits");
      return;
    }
    balanceSum += deltaMinor;
    account.balanceMinor = after;
    if (recordedBalanceAfterMinor != after) {
      violation(
          Violation.LEDGER_RULES,
          "the event records a balance of "
              + recordedBalanceAfterMinor
              + ", the previous balance and the amount make "
              + after);
    }
    if (after < 0 && before >= 0 && !account.mayGoNegative()) {
      violation(
          Violation.NEGATIVE_BALANCE,
          (account.kind == null ? "unopened" : account.kind.name())
              + " account "
              + account.accountId
              + " went to "
              + after);
    }
  }

  private void positive(long amountMinor) {
    if (amountMinor <= 0) {
      violation(Violation.AMOUNT, "amount " + amountMinor + " is not positive");
    }
  }

  /** The account of an account event; one that was never opened is reported and made up. */
  private AccountState account(String accountId) {
    if (!current.aggregateId().equals(accountId)) {
      violation(Violation.LEDGER_RULES, "event of account " + accountId + " on another aggregate");
    }
    AccountState account = accounts.get(accountId);
    if (account == null) {
      violation(Violation.LEDGER_RULES, "account " + accountId + " was never opened");
      account = new AccountState(accountId, null, null);
      accounts.put(accountId, account);
    }
    sequence(account);
    return account;
  }

  private void sequence(String accountId) {
    AccountState account = accounts.get(accountId);
    if (account == null) {
      if (current.sequenceNumber() != 0) {
        violation(Violation.SEQUENCE, "an account's first event has sequence number 0");
      }
      return;
    }
    sequence(account);
  }

  private void sequence(AccountState account) {
    if (current.sequenceNumber() != account.lastSequenceNumber + 1) {
      violation(
          Violation.SEQUENCE,
          "sequence number " + current.sequenceNumber() + " after " + account.lastSequenceNumber);
    }
    account.lastSequenceNumber = current.sequenceNumber();
  }

  private void sequenceOf(TransferState transfer) {
    if (current.sequenceNumber() != transfer.lastSequenceNumber + 1) {
      violation(
          Violation.SEQUENCE,
          "sequence number " + current.sequenceNumber() + " after " + transfer.lastSequenceNumber);
    }
    transfer.lastSequenceNumber = current.sequenceNumber();
  }

  private void violation(String rule, String detail) {
    violationCount++;
    if (violations.size() < VIOLATIONS_KEPT_MAX) {
      violations.add(
          new Violation(
              current.globalIndex(),
              current.aggregateId(),
              current.sequenceNumber(),
              rule,
              simpleName(current.payloadType()) + ": " + detail));
    }
  }

  /** A violation found outside the stream (the read models), at the given position. */
  void readModelViolation(long position, String key, String detail) {
    violationCount++;
    if (violations.size() < VIOLATIONS_KEPT_MAX) {
      violations.add(new Violation(position, key, -1, Violation.READ_MODEL, detail));
    }
  }

  private static String simpleName(String type) {
    return type.substring(type.lastIndexOf('.') + 1);
  }

  public Map<String, AccountState> accounts() {
    return Collections.unmodifiableMap(accounts);
  }

  public Map<String, TransferState> transfers() {
    return Collections.unmodifiableMap(transfers);
  }

  public List<Violation> violations() {
    return Collections.unmodifiableList(violations);
  }

  public long violationCount() {
    return violationCount;
  }

  public Map<String, Long> eventsByType() {
    return Collections.unmodifiableMap(eventsByType);
  }

  public Map<String, Long> unknownTypes() {
    return Collections.unmodifiableMap(unknownTypes);
  }

  public long events() {
    return events;
  }

  public long lastPosition() {
    return lastPosition;
  }

  public String lastTimestamp() {
    return lastTimestamp;
  }

  public long balanceSum() {
    return balanceSum;
  }

  public long inFlightSum() {
    return inFlightSum;
  }
}
