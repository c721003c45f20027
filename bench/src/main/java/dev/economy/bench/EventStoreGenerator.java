package dev.economy.bench;

import dev.economy.messages.ledger.AccountCreditedEvent;
import dev.economy.messages.ledger.AccountDebitedEvent;
import dev.economy.messages.ledger.AccountKind;
import dev.economy.messages.ledger.AccountOpenedEvent;
import dev.economy.messages.ledger.OutgoingTransferSettledEvent;
import dev.economy.messages.ledger.SystemAccount;
import dev.economy.messages.ledger.TransferCompletedEvent;
import dev.economy.messages.ledger.TransferIds;
import dev.economy.messages.ledger.TransferInitiatedEvent;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * Fills an event store with valid transfers, fast, through Axon's own JDBC storage engine and
 * Jackson serializer (the application's: same tables, same serialized form), so that the rebuild
 * and the growth figures run on a store of a million real, replayable events without waiting hours
 * for the command path. The events are exactly what the aggregates write for a completed transfer:
 * TransferInitiated, the source's debit, the destination's credit, the source's settlement,
 * TransferCompleted; balances follow the rules (no player below zero, money only from payroll).
 *
 * <p>One account (the whale) receives {@code whaleCredits} transfers, for the growth figure. The
 * store must hold nothing but the system accounts' openings (a freshly started application).
 */
final class EventStoreGenerator {

  static final String WHALE_PLAYER = "bench-whale";
  static final String ACTOR = "bench-generator";
  private static final int FLUSH_EVENTS = 5000;
  private static final long FUNDING_MINOR = 1_000_000_000L;

  record Result(
      long events, long transfers, String whaleAccountId, long whaleEvents, Duration took) {}

  private static final class Account {
    final String id;
    long sequence;
    long balance;

    Account(String id, long sequence, long balance) {
      this.id = id;
      this.sequence = sequence;
      this.balance = balance;
    }
  }

  private final Connection connection;
  private final JdbcEventStorageEngine engine;
  private final List<DomainEventMessage<?>> pending = new ArrayList<>(FLUSH_EVENTS + 8);
  private long events;
  private long transfers;

  private EventStoreGenerator(Connection connection) {
    this.connection = connection;
    // One connection, one transaction per flush: the engine closes what its provider gives it,
    // so it gets a view of the connection whose close() does nothing.
    Connection shared =
        (Connection)
            Proxy.newProxyInstance(
                Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("close")) {
                    return null;
                  }
                  try {
                    return method.invoke(connection, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    TransactionManager transactions =
        () ->
            new Transaction() {
              @Override
              public void commit() {
                try {
                  connection.commit();
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              }

              @Override
              public void rollback() {
                try {
                  connection.rollback();
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              }
            };
    JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
    this.engine =
        JdbcEventStorageEngine.builder()
            .connectionProvider(() -> shared)
            .transactionManager(transactions)
            .eventSerializer(serializer)
            .snapshotSerializer(serializer)
            .build();
  }

  static Result generate(
      String jdbcUrl, String user, String password, long eventsTarget, int whaleCredits, long seed)
      throws SQLException {
    long started = System.nanoTime();
    try (Connection connection =
        DriverManager.getConnection(jdbcUrl + "?reWriteBatchedInserts=true", user, password)) {
      connection.setAutoCommit(false);
      EventStoreGenerator generator = new EventStoreGenerator(connection);
      Account whale = generator.run(eventsTarget, whaleCredits, seed);
      return new Result(
          generator.events,
          generator.transfers,
          whale.id,
          whale.sequence + 1,
          Duration.ofNanos(System.nanoTime() - started));
    }
  }

  private Account run(long eventsTarget, int whaleCredits, long seed) throws SQLException {
    Account payroll = systemAccount(SystemAccount.PAYROLL.accountId());
    // Enough players that most transfers touch accounts with a few dozen events, as in a live game.
    int players = (int) Math.max(1000, Math.min(50_000, eventsTarget / 100));
    Account[] wallets = new Account[players];
    Account[] banks = new Account[players];
    Account whale = open(WHALE_PLAYER, AccountKind.WALLET);
    for (int i = 0; i < players; i++) {
      wallets[i] = open("bench-p" + i, AccountKind.WALLET);
      banks[i] = open("bench-p" + i, AccountKind.BANK);
    }
    for (int i = 0; i < players; i++) {
      transfer(payroll, wallets[i], FUNDING_MINOR, "salary");
    }
    SplittableRandom random = new SplittableRandom(seed);
    int whaleLeft = whaleCredits;
    while (events < eventsTarget || whaleLeft > 0) {
      int p = random.nextInt(players);
      long amount = 1 + random.nextInt(1000);
      // The whale's credits are spread over the whole store, as a popular shop's would be.
      long remainingTransfers = Math.max(1, (eventsTarget - events) / 5);
      if (whaleLeft > 0 && random.nextLong(remainingTransfers + whaleLeft) < whaleLeft) {
        whaleLeft--;
        if (wallets[p].balance >= amount) {
          transfer(wallets[p], whale, amount, "purchase");
        } else {
          whaleLeft++;
        }
        continue;
      }
      switch (random.nextInt(3)) {
        case 0 -> {
          Account to = wallets[random.nextInt(players)];
          if (to != wallets[p] && wallets[p].balance >= amount) {
            transfer(wallets[p], to, amount, "gift");
          }
        }
        case 1 -> {
          if (wallets[p].balance >= amount) {
            transfer(wallets[p], banks[p], amount, "deposit");
          }
        }
        default -> {
          if (banks[p].balance >= amount) {
            transfer(banks[p], wallets[p], amount, "withdrawal");
          }
        }
      }
    }
    flush();
    return whale;
  }

  private Account systemAccount(String accountId) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "select count(*), count(*) filter (where payloadtype <> '"
                    + AccountOpenedEvent.class.getName()
                    + "') from domainevententry")) {
      rows.next();
      if (rows.getLong(1) != SystemAccount.values().length || rows.getLong(2) != 0) {
        throw new IllegalStateException(
            "the store must hold only the system accounts' openings, it holds "
                + rows.getLong(1)
                + " events");
      }
    }
    return new Account(accountId, 0, 0);
  }

  private Account open(String playerId, AccountKind kind) {
    String accountId =
        "player:" + playerId + ":" + (kind == AccountKind.WALLET ? "wallet" : "bank");
    add("Account", accountId, 0, new AccountOpenedEvent(accountId, playerId, kind, ACTOR));
    return new Account(accountId, 0, 0);
  }

  private void transfer(Account from, Account to, long amount, String reason) {
    transfers++;
    String key = "gen-" + transfers;
    String transferId = TransferIds.transferId(ACTOR, key);
    add(
        "Transfer",
        transferId,
        0,
        new TransferInitiatedEvent(transferId, key, from.id, to.id, amount, reason, null, ACTOR));
    from.balance -= amount;
    add(
        "Account",
        from.id,
        ++from.sequence,
        new AccountDebitedEvent(
            from.id, transferId, key, to.id, amount, from.balance, reason, null, ACTOR));
    to.balance += amount;
    add(
        "Account",
        to.id,
        ++to.sequence,
        new AccountCreditedEvent(
            to.id, transferId, key, from.id, amount, to.balance, reason, null, ACTOR));
    add(
        "Account",
        from.id,
        ++from.sequence,
        new OutgoingTransferSettledEvent(from.id, transferId, amount));
    add("Transfer", transferId, 1, new TransferCompletedEvent(transferId, from.id, to.id, amount));
  }

  private void add(String type, String aggregateId, long sequence, Object payload) {
    pending.add(new GenericDomainEventMessage<>(type, aggregateId, sequence, payload));
    events++;
    if (pending.size() >= FLUSH_EVENTS) {
      flush();
    }
  }

  private void flush() {
    if (pending.isEmpty()) {
      return;
    }
    engine.appendEvents(pending);
    pending.clear();
  }
}
