package dev.economy.audit;

import dev.economy.messages.ledger.AccountCreditedEvent;
import dev.economy.messages.ledger.AccountDebitedEvent;
import dev.economy.messages.ledger.AccountKind;
import dev.economy.messages.ledger.AccountOpenedEvent;
import dev.economy.messages.ledger.OutgoingTransferSettledEvent;
import dev.economy.messages.ledger.SystemAccount;
import dev.economy.messages.ledger.TransferCompletedEvent;
import dev.economy.messages.ledger.TransferIds;
import dev.economy.messages.ledger.TransferInitiatedEvent;
import dev.economy.testsupport.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * An event store of its own (a PostgreSQL schema of the test database, with the app's V1 and V2
 * migrations), written as the application writes it: Axon's JDBC storage engine and Jackson
 * serializer. It keeps its own simple ledger of what it wrote, so that a test can also write the
 * read-model rows the projections would have written.
 */
final class TestStore {

  static final String ACTOR = "audit-test";
  private static final Path MIGRATIONS = Path.of("../app/src/main/resources/db/migration");

  final String url;
  private final JdbcEventStorageEngine engine;
  private final JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
  private final Map<String, Long> nextSequence = new HashMap<>();
  private final List<DomainEventMessage<?>> pending = new ArrayList<>();

  /** What the events say, kept by the test: accounts and the transfers still in flight. */
  final Map<String, long[]> balances = new LinkedHashMap<>(); // balance, inFlightOut, out, in

  final Map<String, AccountKind> kinds = new LinkedHashMap<>();
  final Map<String, String[]> inFlight = new LinkedHashMap<>(); // key, from, to, amount
  private int keys;

  private TestStore(String url) {
    this.url = url;
    this.engine =
        JdbcEventStorageEngine.builder()
            .connectionProvider(
                () ->
                    DriverManager.getConnection(url, TestDatabase.user(), TestDatabase.password()))
            .transactionManager(NoTransactionManager.INSTANCE)
            .eventSerializer(serializer)
            .snapshotSerializer(serializer)
            .build();
  }

  /** A new, empty store in schema {@code name} (dropped first). */
  static TestStore create(String name) throws SQLException, IOException {
    try (Connection c = TestDatabase.connect();
        Statement s = c.createStatement()) {
      s.execute("drop schema if exists " + name + " cascade");
      s.execute("create schema " + name);
    }
    String url = TestDatabase.jdbcUrl() + "?currentSchema=" + name;
    try (Connection c =
            DriverManager.getConnection(url, TestDatabase.user(), TestDatabase.password());
        Statement s = c.createStatement()) {
      for (String file : List.of("V1__axon_event_store.sql", "V2__ledger_read_models.sql")) {
        s.execute(Files.readString(MIGRATIONS.resolve(file)));
      }
    }
    return new TestStore(url);
  }

  /** The system accounts, as every application opens them at start. */
  TestStore withSystemAccounts() {
    for (SystemAccount account : SystemAccount.values()) {
      open(account.accountId(), SystemAccount.OWNER, account.kind());
    }
    return this;
  }

  String open(String accountId, String owner, AccountKind kind) {
    add("Account", accountId, new AccountOpenedEvent(accountId, owner, kind, ACTOR));
    balances.put(accountId, new long[4]);
    kinds.put(accountId, kind);
    return accountId;
  }

  String wallet(String player) {
    return open("player:" + player + ":wallet", player, AccountKind.WALLET);
  }

  /** A completed transfer: the five events the aggregates write. Returns the transfer id. */
  String transfer(String from, String to, long amount) {
    String key = "key-" + ++keys;
    String transferId = initiate(key, TransferIds.transferId(ACTOR, key), from, to, amount);
    settle(transferId, key, from, to, amount);
    return transferId;
  }

  /** Initiated and debited, not settled: in flight. */
  String initiate(String key, String transferId, String from, String to, long amount) {
    add(
        "Transfer",
        transferId,
        new TransferInitiatedEvent(transferId, key, from, to, amount, "test", null, ACTOR));
    long[] source = balances.get(from);
    source[0] -= amount;
    source[1] += amount;
    source[2] += amount;
    add(
        "Account",
        from,
        new AccountDebitedEvent(from, transferId, key, to, amount, source[0], "test", null, ACTOR));
    inFlight.put(transferId, new String[] {key, from, to, Long.toString(amount)});
    return transferId;
  }

  String pending(String from, String to, long amount) {
    String key = "key-" + ++keys;
    return initiate(key, TransferIds.transferId(ACTOR, key), from, to, amount);
  }

  void settle(String transferId, String key, String from, String to, long amount) {
    credit(transferId, key, from, to, amount);
    balances.get(from)[1] -= amount;
    add("Account", from, new OutgoingTransferSettledEvent(from, transferId, amount));
    add("Transfer", transferId, new TransferCompletedEvent(transferId, from, to, amount));
    inFlight.remove(transferId);
  }

  /** Only the credit of a transfer (a test of a broken store calls it alone). */
  void credit(String transferId, String key, String from, String to, long amount) {
    long[] destination = balances.get(to);
    destination[0] += amount;
    destination[3] += amount;
    add(
        "Account",
        to,
        new AccountCreditedEvent(
            to, transferId, key, from, amount, destination[0], "test", null, ACTOR));
  }

  void add(String type, String aggregateId, Object payload) {
    long sequence = nextSequence.merge(aggregateId, 1L, Long::sum) - 1;
    pending.add(new GenericDomainEventMessage<>(type, aggregateId, sequence, payload));
  }

  /** Appends what was added; returns the head position. */
  long flush() throws SQLException {
    if (!pending.isEmpty()) {
      engine.appendEvents(new ArrayList<>(pending));
      pending.clear();
    }
    return head();
  }

  long head() throws SQLException {
    try (Connection c = connect()) {
      return EventReader.head(c);
    }
  }

  /** The global position of an aggregate's event. */
  long position(String aggregateId, long sequenceNumber) throws SQLException {
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                "select globalindex from domainevententry where aggregateidentifier = ?"
                    + " and sequencenumber = ?")) {
      s.setString(1, aggregateId);
      s.setLong(2, sequenceNumber);
      try (ResultSet rows = s.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  long lastSequence(String aggregateId) {
    return nextSequence.get(aggregateId) - 1;
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, TestDatabase.user(), TestDatabase.password());
  }

  void sql(String statement) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  /**
   * The rows the projections would have written for what this store holds, and their tokens at
   * {@code position}.
   */
  void writeReadModels(long position) throws SQLException {
    OffsetDateTime now = OffsetDateTime.now();
    try (Connection c = connect()) {
      try (PreparedStatement balance =
              c.prepareStatement(
                  "insert into account_balance (account_id, owner_id, kind, status, balance_minor,"
                      + " in_flight_out_minor, version, opened_at, updated_at)"
                      + " values (?, ?, ?, 'OPEN', ?, ?, ?, ?, ?)");
          PreparedStatement supply =
              c.prepareStatement(
                  "insert into money_supply (account_id, kind, balance_minor, total_out_minor,"
                      + " total_in_minor, updated_at) values (?, ?, ?, ?, ?, ?)")) {
        for (Map.Entry<String, long[]> e : balances.entrySet()) {
          String id = e.getKey();
          long[] b = e.getValue();
          AccountKind kind = kinds.get(id);
          balance.setString(1, id);
          balance.setString(2, kind.isSystemAccount() ? SystemAccount.OWNER : id.split(":")[1]);
          balance.setString(3, kind.name());
          balance.setLong(4, b[0]);
          balance.setLong(5, b[1]);
          balance.setLong(6, lastSequence(id));
          balance.setObject(7, now);
          balance.setObject(8, now);
          balance.executeUpdate();
          if (kind.isSystemAccount()) {
            supply.setString(1, id);
            supply.setString(2, kind.name());
            supply.setLong(3, b[0]);
            supply.setLong(4, b[2]);
            supply.setLong(5, b[3]);
            supply.setObject(6, now);
            supply.executeUpdate();
          }
        }
      }
      try (PreparedStatement flight =
          c.prepareStatement(
              "insert into transfer_in_flight (transfer_id, idempotency_key, from_account_id,"
                  + " to_account_id, amount_minor, reason_code, debited_at)"
                  + " values (?, ?, ?, ?, ?, 'test', ?)")) {
        for (Map.Entry<String, String[]> e : inFlight.entrySet()) {
          String[] t = e.getValue();
          flight.setString(1, e.getKey());
          flight.setString(2, t[0]);
          flight.setString(3, t[1]);
          flight.setString(4, t[2]);
          flight.setLong(5, Long.parseLong(t[3]));
          flight.setObject(6, now);
          flight.executeUpdate();
        }
      }
    }
    writeTokens(position);
  }

  /** The projections' tokens, as Axon's JDBC token store keeps them, at {@code position}. */
  void writeTokens(long position) throws SQLException {
    SerializedObject<byte[]> token =
        serializer.serialize(GapAwareTrackingToken.newInstance(position, Set.of()), byte[].class);
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                "insert into tokenentry (processorname, segment, token, tokentype, \"timestamp\")"
                    + " values (?, 0, ?, ?, '2026-01-01T00:00:00Z') on conflict (processorname, segment)"
                    + " do update set token = excluded.token, tokentype = excluded.tokentype")) {
      for (String processor : ReadModels.PROCESSORS) {
        s.setString(1, processor);
        s.setBytes(2, token.getData());
        s.setString(3, token.getType().getName());
        s.executeUpdate();
      }
    }
  }
}
