package dev.economy.command.ledger;

import static dev.economy.command.ledger.LedgerFailure.of;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.economy.messages.ledger.AccountClosedEvent;
import dev.economy.messages.ledger.AccountCreditedEvent;
import dev.economy.messages.ledger.AccountDebitedEvent;
import dev.economy.messages.ledger.AccountFrozenEvent;
import dev.economy.messages.ledger.AccountKind;
import dev.economy.messages.ledger.AccountOpenedEvent;
import dev.economy.messages.ledger.AccountRefundedEvent;
import dev.economy.messages.ledger.AccountStatus;
import dev.economy.messages.ledger.AccountUnfrozenEvent;
import dev.economy.messages.ledger.CloseAccountCommand;
import dev.economy.messages.ledger.FreezeAccountCommand;
import dev.economy.messages.ledger.LedgerErrorCode;
import dev.economy.messages.ledger.LedgerRules;
import dev.economy.messages.ledger.OpenAccountCommand;
import dev.economy.messages.ledger.OutgoingTransferSettledEvent;
import dev.economy.messages.ledger.UnfreezeAccountCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One ledger account. Its state is small and fixed in size (no per-transfer sets), so a snapshot is
 * a few numbers and a command costs the same on the first day and after a million events.
 */
@Aggregate(snapshotTriggerDefinition = "accountSnapshotTrigger", cache = "accountAggregateCache")
// Revision 2 added the totals: snapshots of another revision are ignored (Axon's
// RevisionSnapshotFilter) and the account is read from its events, which give the totals.
@Revision("2")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class Account {

  @AggregateIdentifier private String accountId;
  private String ownerId;
  private AccountKind kind;
  private AccountStatus status;
  private long balanceMinor;

  /** Debited by transfers that are neither credited nor refunded yet. */
  private long inFlightOutMinor;

  /**
   * Everything ever debited from, and credited or refunded to, this account: the totals the money
   * supply read model keeps for system accounts (money_supply.total_out_minor, total_in_minor,
   * BIGINT). A system account refuses a movement that would take them past Long.MAX_VALUE, so that
   * no event the command side accepts can overflow a read model and halt its projection.
   */
  private long totalOutMinor;

  private long totalInMinor;

  protected Account() {
    // for Axon
  }

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  void handle(OpenAccountCommand command) {
    if (accountId != null) {
      // Opening is idempotent so that registration and start-up can simply retry.
      if (ownerId.equals(command.ownerId()) && kind == command.kind()) {
        return;
      }
      throw of(
          LedgerErrorCode.ACCOUNT_ALREADY_EXISTS,
          "account " + command.accountId() + " already exists");
    }
    Checks.matches(command.accountId(), LedgerRules.ACCOUNT_ID, "accountId");
    Checks.matches(command.ownerId(), LedgerRules.OWNER_ID, "ownerId");
    Checks.require(command.kind() != null, "kind is missing");
    Checks.matches(command.actor(), LedgerRules.ACTOR, "actor");
    apply(
        new AccountOpenedEvent(
            command.accountId(), command.ownerId(), command.kind(), command.actor()));
  }

  @CommandHandler
  void handle(FreezeAccountCommand command) {
    requireOpened();
    Checks.matches(command.actor(), LedgerRules.ACTOR, "actor");
    Checks.statusReason(command.reason());
    if (status == AccountStatus.CLOSED) {
      throw of(LedgerErrorCode.ACCOUNT_CLOSED, "account " + accountId + " is closed");
    }
    if (status == AccountStatus.FROZEN) {
      return;
    }
    apply(new AccountFrozenEvent(accountId, command.reason(), command.actor()));
  }

  @CommandHandler
  void handle(UnfreezeAccountCommand command) {
    requireOpened();
    Checks.matches(command.actor(), LedgerRules.ACTOR, "actor");
    Checks.statusReason(command.reason());
    if (status == AccountStatus.CLOSED) {
      throw of(LedgerErrorCode.ACCOUNT_CLOSED, "account " + accountId + " is closed");
    }
    if (status == AccountStatus.OPEN) {
      return;
    }
    apply(new AccountUnfrozenEvent(accountId, command.reason(), command.actor()));
  }

  @CommandHandler
  void handle(CloseAccountCommand command) {
    requireOpened();
    Checks.matches(command.actor(), LedgerRules.ACTOR, "actor");
    Checks.statusReason(command.reason());
    if (status == AccountStatus.CLOSED) {
      return;
    }
    // A closed account with money in it, or with money on its way back, would lose that money.
    if (balanceMinor != 0 || inFlightOutMinor != 0) {
      throw of(
          LedgerErrorCode.ACCOUNT_NOT_EMPTY,
          "account "
              + accountId
              + " still holds "
              + balanceMinor
              + " and has "
              + inFlightOutMinor
              + " in flight");
    }
    apply(new AccountClosedEvent(accountId, command.reason(), command.actor()));
  }

  @CommandHandler
  void handle(DebitAccountCommand command) {
    requireOpened();
    Checks.positiveAmount(command.amountMinor());
    requireOpenForMovement();
    long balanceAfter;
    try {
      balanceAfter = Math.subtractExact(balanceMinor, command.amountMinor());
    } catch (ArithmeticException overflow) {
      throw of(LedgerErrorCode.AMOUNT_OVERFLOW, "debit would overflow account " + accountId);
    }
    // Invariant 2: only system sources issue money; every other account stays at zero or above.
    if (balanceAfter < 0 && !kind.mayGoNegative()) {
      throw of(
          LedgerErrorCode.INSUFFICIENT_FUNDS,
          "account " + accountId + " holds " + balanceMinor + ", needs " + command.amountMinor());
    }
    try {
      Math.addExact(inFlightOutMinor, command.amountMinor());
    } catch (ArithmeticException overflow) {
      throw of(LedgerErrorCode.AMOUNT_OVERFLOW, "in-flight total would overflow for " + accountId);
    }
    if (kind.isSystemAccount()) {
      try {
        Math.addExact(totalOutMinor, command.amountMinor());
        // Leave room in the total in for the refund of this debit: a refund is never refused.
        Math.addExact(Math.addExact(totalInMinor, inFlightOutMinor), command.amountMinor());
      } catch (ArithmeticException overflow) {
        throw of(
            LedgerErrorCode.AMOUNT_OVERFLOW,
            "the totals of system account " + accountId + " would pass " + Long.MAX_VALUE);
      }
    }
    apply(
        new AccountDebitedEvent(
            accountId,
            command.transferId(),
            command.idempotencyKey(),
            command.counterpartyAccountId(),
            command.amountMinor(),
            balanceAfter,
            command.reasonCode(),
            command.memo(),
            command.actor()));
  }

  @CommandHandler
  void handle(CreditAccountCommand command) {
    requireOpened();
    Checks.positiveAmount(command.amountMinor());
    requireOpenForMovement();
    long balanceAfter;
    try {
      balanceAfter = Math.addExact(balanceMinor, command.amountMinor());
      // Leave room for the money in flight out of this account: a refund may never be refused,
      // so it must never be able to overflow the balance either.
      Math.addExact(balanceAfter, inFlightOutMinor);
    } catch (ArithmeticException overflow) {
      throw of(LedgerErrorCode.AMOUNT_OVERFLOW, "credit would overflow account " + accountId);
    }
    if (kind.isSystemAccount()) {
      try {
        // The same room for refunds in the total in as in the balance.
        Math.addExact(Math.addExact(totalInMinor, inFlightOutMinor), command.amountMinor());
      } catch (ArithmeticException overflow) {
        throw of(
            LedgerErrorCode.AMOUNT_OVERFLOW,
            "the total credited to system account " + accountId + " would pass " + Long.MAX_VALUE);
      }
    }
    apply(
        new AccountCreditedEvent(
            accountId,
            command.transferId(),
            command.idempotencyKey(),
            command.counterpartyAccountId(),
            command.amountMinor(),
            balanceAfter,
            command.reasonCode(),
            command.memo(),
            command.actor()));
  }

  /**
   * A refund is never refused: the money is this account's own, already counted as in flight out of
   * it. Frozen accounts take it back; closed ones cannot exist with money in flight.
   */
  @CommandHandler
  void handle(RefundAccountCommand command) {
    requireOpened();
    Checks.positiveAmount(command.amountMinor());
    Checks.require(command.amountMinor() <= inFlightOutMinor, "refund exceeds what is in flight");
    // Cannot overflow: credits leave room for everything in flight out (see the credit handler).
    // addExact all the same, so that a broken rule stops the refund instead of wrapping the
    // balance.
    long balanceAfter = Math.addExact(balanceMinor, command.amountMinor());
    apply(
        new AccountRefundedEvent(
            accountId,
            command.transferId(),
            command.idempotencyKey(),
            command.counterpartyAccountId(),
            command.amountMinor(),
            balanceAfter,
            command.reasonCode(),
            command.memo(),
            command.actor(),
            command.failureCode()));
  }

  /** The credit side of an outgoing transfer landed: the amount is no longer in flight out. */
  @CommandHandler
  void handle(SettleOutgoingCommand command) {
    requireOpened();
    Checks.positiveAmount(command.amountMinor());
    Checks.require(
        command.amountMinor() <= inFlightOutMinor, "settlement exceeds what is in flight");
    apply(new OutgoingTransferSettledEvent(accountId, command.transferId(), command.amountMinor()));
  }

  private void requireOpened() {
    if (accountId == null) {
      throw of(LedgerErrorCode.NOT_FOUND, "account does not exist");
    }
  }

  private void requireOpenForMovement() {
    if (status == AccountStatus.FROZEN) {
      throw of(LedgerErrorCode.ACCOUNT_FROZEN, "account " + accountId + " is frozen");
    }
    if (status == AccountStatus.CLOSED) {
      throw of(LedgerErrorCode.ACCOUNT_CLOSED, "account " + accountId + " is closed");
    }
  }

  @EventSourcingHandler
  void on(AccountOpenedEvent event) {
    accountId = event.accountId();
    ownerId = event.ownerId();
    kind = event.kind();
    status = AccountStatus.OPEN;
  }

  @EventSourcingHandler
  void on(AccountFrozenEvent event) {
    status = AccountStatus.FROZEN;
  }

  @EventSourcingHandler
  void on(AccountUnfrozenEvent event) {
    status = AccountStatus.OPEN;
  }

  @EventSourcingHandler
  void on(AccountClosedEvent event) {
    status = AccountStatus.CLOSED;
  }

  @EventSourcingHandler
  void on(AccountDebitedEvent event) {
    balanceMinor = event.balanceAfterMinor();
    inFlightOutMinor += event.amountMinor();
    totalOutMinor = saturatedSum(totalOutMinor, event.amountMinor());
  }

  @EventSourcingHandler
  void on(AccountCreditedEvent event) {
    balanceMinor = event.balanceAfterMinor();
    totalInMinor = saturatedSum(totalInMinor, event.amountMinor());
  }

  @EventSourcingHandler
  void on(AccountRefundedEvent event) {
    balanceMinor = event.balanceAfterMinor();
    inFlightOutMinor -= event.amountMinor();
    totalInMinor = saturatedSum(totalInMinor, event.amountMinor());
  }

  /**
   * Events stored before the totals were checked may already add up past the limit: the account
   * still loads, and refuses every further movement that would add to the total.
   */
  private static long saturatedSum(long total, long amount) {
    long sum = total + amount;
    return ((total ^ sum) & (amount ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  @EventSourcingHandler
  void on(OutgoingTransferSettledEvent event) {
    inFlightOutMinor -= event.amountMinor();
  }
}
