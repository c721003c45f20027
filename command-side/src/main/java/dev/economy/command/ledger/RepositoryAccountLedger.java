package dev.economy.command.ledger;

import dev.economy.messages.ledger.LedgerErrorCode;
import java.util.Optional;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Loads accounts through Axon's repository in the caller's unit of work: the repository locks each
 * account for the rest of that unit of work, and the event store's unique (aggregate, sequence) key
 * catches a writer on another node. When two accounts are needed they are locked in id order, so
 * two transfers crossing in opposite directions cannot deadlock.
 */
@Component
class RepositoryAccountLedger implements AccountLedger {

  private final Repository<Account> accounts;
  private final EventStore eventStore;

  RepositoryAccountLedger(
      @Qualifier("accountRepository") Repository<Account> accounts, EventStore eventStore) {
    this.accounts = accounts;
    this.eventStore = eventStore;
  }

  @Override
  public boolean exists(String accountId) {
    // Reads the last sequence number without taking the account's lock: a popular destination
    // (a system sink) must not serialise every transfer that merely names it.
    return eventStore.lastSequenceNumberFor(accountId).isPresent();
  }

  @Override
  public void debit(DebitAccountCommand command) {
    handle(load(command.accountId()), command);
  }

  @Override
  public Optional<LedgerErrorCode> creditOrRefund(
      CreditAccountCommand credit, String sourceAccountId) {
    String destinationId = credit.accountId();
    Aggregate<Account> source;
    Aggregate<Account> destination;
    if (sourceAccountId.compareTo(destinationId) < 0) {
      source = load(sourceAccountId);
      destination = tryLoad(destinationId);
    } else {
      destination = tryLoad(destinationId);
      source = load(sourceAccountId);
    }
    LedgerErrorCode refusal = null;
    if (destination == null) {
      refusal = LedgerErrorCode.NOT_FOUND;
    } else {
      try {
        handle(destination, credit);
      } catch (CommandExecutionException e) {
        refusal = LedgerFailure.codeOf(e).orElseThrow(() -> e);
      }
      if (refusal == null) {
        // Outside the try: once the credit is applied, a failure here must roll the whole unit of
        // work back, never turn into a refund that would pay the same money out a second time.
        handle(
            source,
            new SettleOutgoingCommand(sourceAccountId, credit.transferId(), credit.amountMinor()));
        return Optional.empty();
      }
    }
    handle(
        source,
        new RefundAccountCommand(
            sourceAccountId,
            credit.transferId(),
            credit.idempotencyKey(),
            destinationId,
            credit.amountMinor(),
            credit.reasonCode(),
            credit.memo(),
            credit.actor(),
            refusal.code()));
    return Optional.of(refusal);
  }

  private Aggregate<Account> load(String accountId) {
    Aggregate<Account> account = tryLoad(accountId);
    if (account == null) {
      throw LedgerFailure.of(LedgerErrorCode.NOT_FOUND, "account " + accountId + " does not exist");
    }
    return account;
  }

  private Aggregate<Account> tryLoad(String accountId) {
    try {
      return accounts.load(accountId);
    } catch (AggregateNotFoundException e) {
      return null;
    } catch (IncompatibleAggregateException e) {
      // The id names another aggregate's events (a transfer id passes the account id rules, and
      // clients see transfer ids): that is no account. Left as a technical failure, it failed every
      // settlement attempt, so the money stayed in flight and the settlement segment stalled.
      return null;
    }
  }

  private static void handle(Aggregate<Account> account, Object command) {
    try {
      account.handle(GenericCommandMessage.asCommandMessage(command));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
