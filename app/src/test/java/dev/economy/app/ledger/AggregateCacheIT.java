package dev.economy.app.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.economy.app.IntegrationTest;
import dev.economy.app.ledger.LedgerClient.Result;
import dev.economy.command.ledger.Account;
import dev.economy.messages.ledger.AccountDebitedEvent;
import dev.economy.messages.ledger.AccountFrozenEvent;
import dev.economy.messages.ledger.AccountKind;
import dev.economy.messages.ledger.FreezeAccountCommand;
import dev.economy.messages.ledger.LedgerErrorCode;
import dev.economy.messages.ledger.LedgerRules;
import dev.economy.messages.ledger.SystemAccount;
import dev.economy.messages.ledger.TransferMoneyCommand;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The aggregate caches keep accounts and transfers between commands, through garbage collections
 * (the weak-reference cache they replace lost them at every one), and an entry made stale by
 * another node is still caught by the event store's unique key, evicted, and read afresh.
 *
 * <p>A hit is seen through the cache's entry listener: Axon's caching repository reads the event
 * store only when the cache answers nothing for the aggregate's id, so a read reported for an id is
 * a load that touched neither the snapshots nor the events.
 */
class AggregateCacheIT extends IntegrationTest {

  private static final long FUNDS_MINOR = 1_000;

  @Autowired CommandGateway gateway;
  @Autowired EventStore eventStore;
  @Autowired TransactionManager transactionManager;
  @Autowired JdbcTemplate jdbc;

  @Autowired
  @Qualifier("eventSerializer")
  Serializer serializer;

  @Autowired
  @Qualifier("accountAggregateCache")
  Cache accountCache;

  @Autowired
  @Qualifier("transferAggregateCache")
  Cache transferCache;

  private final String run = "g" + Long.toString(System.nanoTime(), 36);
  private final List<Registration> registrations = new ArrayList<>();

  @AfterEach
  void tearDown() {
    registrations.forEach(Registration::cancel);
  }

  @Test
  void aSecondCommandFindsItsAggregatesInTheCacheAfterAGarbageCollection() {
    LedgerClient ledger = new LedgerClient(gateway);
    String wallet = fundedWallet(ledger, "cached");
    TransferMoneyCommand funding = fundingOf(wallet);

    // Nothing but the caches refers to these aggregates now: weakly referenced, a full collection
    // would clear them.
    System.gc();
    assertThat(accountCache.containsKey(wallet)).as("account in the cache").isTrue();
    assertThat(transferCache.containsKey(funding.transferId()))
        .as("transfer in the cache")
        .isTrue();

    Events accounts = listenTo(accountCache);
    Events transfers = listenTo(transferCache);
    TransferMoneyCommand payment =
        LedgerClient.transferCommand(
            "game-server-1", run + "-pay", wallet, SystemAccount.FEES.accountId(), 10, "fee", null);
    assertThat(ledger.transfer(payment).acceptedFirstTime()).isTrue();
    // Same key, same content: answered from the transfer, which must come from the cache.
    assertThat(ledger.transfer(payment).outcome().replayed()).isTrue();

    assertThat(accounts.of(wallet)).as("the wallet's cache events").startsWith("read", "updated");
    assertThat(transfers.of(payment.transferId()))
        .as("the payment's cache events")
        .startsWith("created", "read");
  }

  @Test
  void aStaleEntryFailsOnTheUniqueKeyAndTheRetryReadsTheEventStore() {
    LedgerClient ledger = new LedgerClient(gateway);
    String wallet = fundedWallet(ledger, "stale");
    assertThat(accountCache.containsKey(wallet)).isTrue();

    // Another node freezes the wallet: its own repository, no cache of ours, the same event store.
    otherNode(new FreezeAccountCommand(wallet, "fraud check", "admin"));
    assertThat(StoredEvents.readAggregate(jdbc, serializer, wallet))
        .anyMatch(event -> event.payload() instanceof AccountFrozenEvent);

    // Our cached wallet still says open, and it pays; its debit takes the sequence number the
    // freeze took, the unique key refuses it, the rollback evicts the wallet, the gateway retries
    // and the wallet read afresh is frozen.
    Events accounts = listenTo(accountCache);
    Result payment =
        ledger.transfer(
            LedgerClient.transferCommand(
                "game-server-1",
                run + "-stale-pay",
                wallet,
                SystemAccount.FEES.accountId(),
                10,
                "fee",
                null));

    assertThat(payment.refusal()).isEqualTo(LedgerErrorCode.ACCOUNT_FROZEN);
    assertThat(accounts.of(wallet)).as("the wallet's cache events").startsWith("read", "removed");
    assertThat(StoredEvents.readAggregate(jdbc, serializer, wallet))
        .filteredOn(event -> event.payload() instanceof AccountDebitedEvent)
        .hasSize(0);
  }

  /** A new wallet with money in it, its funding transfer settled. */
  private String fundedWallet(LedgerClient ledger, String name) {
    String player = run + "-" + name;
    String wallet = LedgerRules.walletAccountId(player);
    ledger.open(wallet, player, AccountKind.WALLET);
    TransferMoneyCommand funding = fundingOf(wallet);
    assertThat(ledger.transfer(funding).acceptedFirstTime()).isTrue();
    assertThat(ledger.settle(funding.transferId()).accepted()).isTrue();
    return wallet;
  }

  private TransferMoneyCommand fundingOf(String wallet) {
    return LedgerClient.transferCommand(
        "admin",
        wallet + "-fund",
        SystemAccount.PAYROLL.accountId(),
        wallet,
        FUNDS_MINOR,
        "salary",
        null);
  }

  /** Handles an account command as a second node would: its own repository and lock, no cache. */
  private void otherNode(FreezeAccountCommand command) {
    EventSourcingRepository<Account> repository =
        EventSourcingRepository.builder(Account.class).eventStore(eventStore).build();
    UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
    unitOfWork.attachTransaction(transactionManager);
    try {
      repository.load(command.accountId()).handle(GenericCommandMessage.asCommandMessage(command));
    } catch (Exception e) {
      unitOfWork.rollback(e);
      throw new IllegalStateException(e);
    }
    unitOfWork.commit();
  }

  private Events listenTo(Cache cache) {
    Events events = new Events();
    registrations.add(cache.registerCacheEntryListener(events));
    return events;
  }

  /** What a cache tells its listener, per key, in order. */
  private static final class Events extends Cache.EntryListenerAdapter {
    private final List<String[]> seen = Collections.synchronizedList(new ArrayList<>());

    List<String> of(Object key) {
      synchronized (seen) {
        return seen.stream().filter(event -> event[0].equals(key)).map(event -> event[1]).toList();
      }
    }

    @Override
    public void onEntryExpired(Object key) {
      seen.add(new String[] {key.toString(), "expired"});
    }

    @Override
    public void onEntryRemoved(Object key) {
      seen.add(new String[] {key.toString(), "removed"});
    }

    @Override
    public void onEntryUpdated(Object key, Object value) {
      seen.add(new String[] {key.toString(), "updated"});
    }

    @Override
    public void onEntryCreated(Object key, Object value) {
      seen.add(new String[] {key.toString(), "created"});
    }

    @Override
    public void onEntryRead(Object key, Object value) {
      seen.add(new String[] {key.toString(), "read"});
    }
  }
}
