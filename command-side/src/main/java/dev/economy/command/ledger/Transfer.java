package dev.economy.command.ledger;

import static dev.economy.command.ledger.LedgerFailure.of;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.economy.messages.ledger.LedgerErrorCode;
import dev.economy.messages.ledger.LedgerRules;
import dev.economy.messages.ledger.SettleTransferCommand;
import dev.economy.messages.ledger.TransferCompletedEvent;
import dev.economy.messages.ledger.TransferIds;
import dev.economy.messages.ledger.TransferInitiatedEvent;
import dev.economy.messages.ledger.TransferMoneyCommand;
import dev.economy.messages.ledger.TransferOutcome;
import dev.economy.messages.ledger.TransferReturnedEvent;
import dev.economy.messages.ledger.TransferStatus;
import java.util.Objects;
import java.util.Optional;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A transfer under its idempotency key (TigerBeetle's transfer id, Stripe's idempotency key). It
 * exists only once money moved: a refused transfer writes nothing, so its key may be retried
 * (TigerBeetle treats exceeds_credits the same way), while an accepted one answers every retry with
 * its first outcome and refuses a retry that changed the content.
 *
 * <p>Two steps, each one commit: initiate (this event + the source's debit) and settle (the
 * destination's credit + the source's settlement, or the source's refund). Between them the money
 * is in flight, and the ledger counts it as such.
 */
@Aggregate(cache = "transferAggregateCache")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class Transfer {

  @AggregateIdentifier private String transferId;
  private String idempotencyKey;
  private String fromAccountId;
  private String toAccountId;
  private long amountMinor;
  private String reasonCode;
  private String memo;
  private String actor;
  private TransferStatus status;
  private String failureCode;

  protected Transfer() {
    // for Axon
  }

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  TransferOutcome handle(TransferMoneyCommand command, AccountLedger ledger) {
    // Before the replay: otherwise a request naming another sender's transfer id would be
    // answered with that sender's outcome (or an idempotency_conflict probing its content).
    Checks.require(
        Objects.equals(
            command.transferId(),
            TransferIds.transferId(command.actor(), command.idempotencyKey())),
        "transferId does not belong to this actor and idempotency key");
    if (transferId != null) {
      // Invariant 3: the same key again moves nothing; with other content it is a client bug.
      if (!sameContentAs(command)) {
        throw of(
            LedgerErrorCode.IDEMPOTENCY_CONFLICT,
            "idempotency key " + command.idempotencyKey() + " was used for a different request");
      }
      return outcome(true);
    }
    validate(command);
    if (!ledger.exists(command.toAccountId())) {
      throw of(LedgerErrorCode.NOT_FOUND, "account " + command.toAccountId() + " does not exist");
    }
    apply(
        new TransferInitiatedEvent(
            command.transferId(),
            command.idempotencyKey(),
            command.fromAccountId(),
            command.toAccountId(),
            command.amountMinor(),
            command.reasonCode(),
            command.memo(),
            command.actor()));
    // Throws the refusal, which rolls back the event above: nothing is written for a refusal.
    ledger.debit(
        new DebitAccountCommand(
            command.fromAccountId(),
            command.transferId(),
            command.idempotencyKey(),
            command.toAccountId(),
            command.amountMinor(),
            command.reasonCode(),
            command.memo(),
            command.actor()));
    return outcome(false);
  }

  @CommandHandler
  TransferOutcome handle(SettleTransferCommand command, AccountLedger ledger) {
    if (status != TransferStatus.PENDING) {
      return outcome(true);
    }
    Optional<LedgerErrorCode> refusal =
        ledger.creditOrRefund(
            new CreditAccountCommand(
                toAccountId,
                transferId,
                idempotencyKey,
                fromAccountId,
                amountMinor,
                reasonCode,
                memo,
                actor),
            fromAccountId);
    if (refusal.isEmpty()) {
      apply(new TransferCompletedEvent(transferId, fromAccountId, toAccountId, amountMinor));
    } else {
      apply(
          new TransferReturnedEvent(
              transferId, fromAccountId, toAccountId, amountMinor, refusal.get().code()));
    }
    return outcome(false);
  }

  private static void validate(TransferMoneyCommand command) {
    Checks.matches(command.idempotencyKey(), LedgerRules.IDEMPOTENCY_KEY, "idempotencyKey");
    Checks.matches(command.actor(), LedgerRules.ACTOR, "actor");
    Checks.matches(command.fromAccountId(), LedgerRules.ACCOUNT_ID, "fromAccountId");
    Checks.matches(command.toAccountId(), LedgerRules.ACCOUNT_ID, "toAccountId");
    Checks.require(
        !command.fromAccountId().equals(command.toAccountId()),
        "a transfer needs two different accounts");
    Checks.positiveAmount(command.amountMinor());
    Checks.matches(command.reasonCode(), LedgerRules.REASON_CODE, "reasonCode");
    Checks.memo(command.memo());
  }

  private boolean sameContentAs(TransferMoneyCommand command) {
    return fromAccountId.equals(command.fromAccountId())
        && toAccountId.equals(command.toAccountId())
        && amountMinor == command.amountMinor()
        && Objects.equals(reasonCode, command.reasonCode())
        && Objects.equals(memo, command.memo());
  }

  private TransferOutcome outcome(boolean replayed) {
    return new TransferOutcome(
        transferId,
        idempotencyKey,
        fromAccountId,
        toAccountId,
        amountMinor,
        status,
        failureCode,
        replayed);
  }

  @EventSourcingHandler
  void on(TransferInitiatedEvent event) {
    transferId = event.transferId();
    idempotencyKey = event.idempotencyKey();
    fromAccountId = event.fromAccountId();
    toAccountId = event.toAccountId();
    amountMinor = event.amountMinor();
    reasonCode = event.reasonCode();
    memo = event.memo();
    actor = event.actor();
    status = TransferStatus.PENDING;
  }

  @EventSourcingHandler
  void on(TransferCompletedEvent event) {
    status = TransferStatus.COMPLETED;
  }

  @EventSourcingHandler
  void on(TransferReturnedEvent event) {
    status = TransferStatus.RETURNED;
    failureCode = event.failureCode();
  }
}
