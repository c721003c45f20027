package dev.economy.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.economy.messages.ledger.AccountCreditedEvent;
import dev.economy.messages.ledger.AccountDebitedEvent;
import dev.economy.messages.ledger.AccountKind;
import dev.economy.messages.ledger.SystemAccount;
import dev.economy.messages.ledger.TransferIds;
import dev.economy.messages.ledger.TransferInitiatedEvent;
import dev.economy.testsupport.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit against real PostgreSQL event stores, each in a schema of its own: one consistent
 * store, and one per rule built to break exactly that rule. Each names the position and the rule.
 */
class AuditIT {

  private static final String PAYROLL = SystemAccount.PAYROLL.accountId();
  private static final String FEES = SystemAccount.FEES.accountId();

  @TempDir Path dir;
  private String stderr = "";

  /** Players alice and bob, paid, spending, one transfer still in flight. */
  private static TestStore consistent(String schema) throws Exception {
    TestStore store = TestStore.create(schema).withSystemAccounts();
    String alice = store.wallet("alice");
    String bob = store.wallet("bob");
    String bobBank = store.open("player:bob:bank", "bob", AccountKind.BANK);
    store.transfer(PAYROLL, alice, 1000);
    store.transfer(alice, bob, 300);
    store.transfer(alice, FEES, 50);
    store.transfer(bob, bobBank, 100);
    store.pending(alice, bob, 100);
    store.flush();
    return store;
  }

  @Test
  void aConsistentStorePassesWithItsTotalsAndReadModels() throws Exception {
    TestStore store = consistent("audit_consistent");
    store.writeReadModels(store.head());

    JsonNode report = audit(store, 0);

    assertThat(report.get("violationCount").asLong()).as(stderr).isZero();
    assertThat(report.get("position").asLong()).isEqualTo(store.head());
    assertThat(report.get("events").asLong()).isEqualTo(5 + 3 + 4 * 5 + 2);
    JsonNode totals = report.get("totals");
    assertThat(totals.get("issuedMinor").asLong()).isEqualTo(1000);
    assertThat(totals.get("sunkMinor").asLong()).isEqualTo(50);
    assertThat(totals.get("inFlightMinor").asLong()).isEqualTo(100);
    assertThat(totals.get("heldByPlayersMinor").asLong()).isEqualTo(850);
    assertThat(totals.at("/sources/system:payroll/issuedMinor").asLong()).isEqualTo(1000);
    assertThat(totals.at("/sinks/system:fees/sunkMinor").asLong()).isEqualTo(50);
    assertThat(report.at("/eventsByType/TransferInitiatedEvent").asLong()).isEqualTo(5);
    assertThat(report.at("/readModels/compared").asBoolean()).as(stderr).isTrue();
    assertThat(Files.readString(dir.resolve("report.html"))).contains("No violation");
    assertThat(stderr).contains("events/s");
  }

  @Test
  void moneyCreatedFromNothingByALoneCreditBreaksConservation() throws Exception {
    TestStore store = consistent("audit_lone_credit");
    String bob = "player:bob:wallet";
    store.credit("forged-transfer", "forged", PAYROLL, bob, 500);
    long position = store.flush();

    JsonNode report = audit(store, 1);

    assertThat(violations(report, Violation.CONSERVATION))
        .containsExactly(position + " " + bob + " " + store.lastSequence(bob));
  }

  @Test
  void aPlayerAccountBelowZero() throws Exception {
    TestStore store = TestStore.create("audit_below_zero").withSystemAccounts();
    String alice = store.wallet("alice");
    String bob = store.wallet("bob");
    store.transfer(PAYROLL, alice, 100);
    store.transfer(alice, bob, 150);
    store.flush();
    long debit = store.position(alice, 2);

    JsonNode report = audit(store, 1);

    assertThat(violations(report, Violation.NEGATIVE_BALANCE))
        .containsExactly(debit + " " + alice + " 2");
    assertThat(violations(report, Violation.CONSERVATION)).isEmpty();
  }

  @Test
  void anIdempotencyKeyReusedForTwoTransfers() throws Exception {
    TestStore store = TestStore.create("audit_key_reused").withSystemAccounts();
    String alice = store.wallet("alice");
    String bob = store.wallet("bob");
    store.transfer(PAYROLL, alice, 1000);
    String first =
        store.initiate("rent", TransferIds.transferId(TestStore.ACTOR, "rent"), alice, bob, 10);
    store.settle(first, "rent", alice, bob, 10);
    String second = "another-transfer-id";
    store.initiate("rent", second, alice, bob, 20);
    store.settle(second, "rent", alice, bob, 20);
    store.flush();

    JsonNode report = audit(store, 1);

    assertThat(violations(report, Violation.IDEMPOTENCY_KEY))
        .containsExactly(store.position(second, 0) + " " + second + " 0");
  }

  @Test
  void aTransferCreditedTwice() throws Exception {
    TestStore store = TestStore.create("audit_credited_twice").withSystemAccounts();
    String alice = store.wallet("alice");
    String bob = store.wallet("bob");
    store.transfer(PAYROLL, alice, 1000);
    String transfer = store.transfer(alice, bob, 300);
    store.credit(transfer, "key-2", alice, bob, 300);
    long position = store.flush();

    JsonNode report = audit(store, 1);

    assertThat(violations(report, Violation.SETTLED_ONCE))
        .containsExactly(position + " " + bob + " " + store.lastSequence(bob));
  }

  @Test
  void aReadModelRowEditedInSql() throws Exception {
    TestStore store = consistent("audit_read_model");
    store.writeReadModels(store.head());
    store.sql(
        "update account_balance set balance_minor = balance_minor + 1"
            + " where account_id = 'player:bob:wallet'");
    store.sql("delete from transfer_in_flight");

    JsonNode report = audit(store, 1);

    List<String> found = violations(report, Violation.READ_MODEL);
    assertThat(found).hasSize(2);
    assertThat(found.get(0)).startsWith(store.head() + " player:bob:wallet");
    assertThat(report.toString())
        .contains("account_balance[player:bob:wallet].balance_minor is 201");
    assertThat(report.toString()).contains("transfer_in_flight has no row");
  }

  @Test
  void projectionsBehindAreSaidAndNotCompared() throws Exception {
    TestStore store = consistent("audit_behind");
    store.writeReadModels(store.head() - 3);

    JsonNode report = audit(store, 0);
    assertThat(report.at("/readModels/compared").asBoolean()).isFalse();
    assertThat(report.at("/readModels/note").asText()).contains("behind");

    // Asked for, the comparison waits (bounded) and then gives up: exit code 2.
    int code =
        Audit.run(
            args(store, "--compare-read-models", "--wait-seconds", "1"),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(Audit.ERROR);
  }

  @Test
  void projectionsAheadAreCaughtUpToBeforeComparing() throws Exception {
    TestStore store = consistent("audit_ahead");
    long snapshot = store.head();
    store.transfer(PAYROLL, "player:bob:wallet", 5);
    long head = store.flush();
    store.writeReadModels(head);

    // The audit's snapshot is the head at start; the projections are further: read on to them.
    JsonNode report = audit(store, 0, "--to-position", Long.toString(snapshot));
    assertThat(report.at("/readModels/compared").asBoolean()).isFalse();
    assertThat(report.get("position").asLong()).isEqualTo(snapshot);

    report = audit(store, 0);
    assertThat(report.at("/readModels/compared").asBoolean()).isTrue();
    assertThat(report.get("position").asLong()).isEqualTo(head);
  }

  @Test
  void toPositionStopsTheReplayThere() throws Exception {
    TestStore store = TestStore.create("audit_to_position").withSystemAccounts();
    String alice = store.wallet("alice");
    store.transfer(PAYROLL, alice, 100);
    long before = store.flush();
    store.credit("forged", "forged", PAYROLL, alice, 1);
    store.flush();

    JsonNode report = audit(store, 0, "--to-position", Long.toString(before));
    assertThat(report.get("position").asLong()).isEqualTo(before);
    audit(store, 1);
  }

  @Test
  void oldPackageNamesLoadAndUnknownTypesAreCounted() throws Exception {
    TestStore store = consistent("audit_renamed");
    store.sql(
        "update domainevententry set payloadtype = replace(payloadtype,"
            + " 'dev.economy.messages.ledger.', 'dev.economy.messages.bank.')");
    store.sql(
        "insert into domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier,"
            + " payload, payloadtype, \"timestamp\") values ('x', 0, 'X', 'unknown-1',"
            + " '{}'::bytea, 'com.example.SomethingElse', '2026-01-01T00:00:00Z')");

    JsonNode report = audit(store, 0);

    assertThat(report.at("/eventsByType/TransferInitiatedEvent").asLong()).isEqualTo(5);
    assertThat(report.at("/unknownEventTypes/com.example.SomethingElse").asLong()).isEqualTo(1);
    assertThat(report.at("/totals/issuedMinor").asLong()).isEqualTo(1000);
  }

  @Test
  void aDebitOfAnotherAmountThanTheTransferIsReported() throws Exception {
    TestStore store = TestStore.create("audit_debit_amount").withSystemAccounts();
    String alice = store.wallet("alice");
    String bob = store.wallet("bob");
    store.transfer(PAYROLL, alice, 1000);
    String id = TransferIds.transferId(TestStore.ACTOR, "odd");
    store.add(
        "Transfer", id, new TransferInitiatedEvent(id, "odd", alice, bob, 10, "t", null, "a"));
    store.add(
        "Account", alice, new AccountDebitedEvent(alice, id, "odd", bob, 20, 980, "t", null, "a"));
    store.add(
        "Account", bob, new AccountCreditedEvent(bob, id, "odd", alice, 20, 20, "t", null, "a"));
    store.flush();

    JsonNode report = audit(store, 1);

    assertThat(violations(report, Violation.SETTLEMENT_MATCHES))
        .containsExactly(store.position(alice, 2) + " " + alice + " 2");
  }

  @Test
  void anUnreadablePayloadIsAViolationAndTheReplayGoesOn() throws Exception {
    TestStore store = consistent("audit_unreadable");
    long position = store.position("player:bob:wallet", 2);
    store.sql(
        "update domainevententry set payload = convert_to('{\"accountId\": [', 'UTF8')"
            + " where globalindex = "
            + position);

    JsonNode report = audit(store, 1);

    assertThat(violations(report, Violation.LEDGER_RULES).get(0))
        .isEqualTo(position + " player:bob:wallet 2");
    assertThat(report.get("events").asLong()).isEqualTo(30);
  }

  @Test
  void usageAndConnectionErrorsExitWithTwo() {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertThat(Audit.run(new String[] {"--no-such-option", "x"}, quiet)).isEqualTo(Audit.ERROR);
    assertThat(Audit.run(new String[] {"--db-url", "jdbc:postgresql://127.0.0.1:1/nothing"}, quiet))
        .isEqualTo(Audit.ERROR);
    assertThat(
            Audit.run(
                new String[] {"--db-url", TestDatabase.jdbcUrl(), "--to-position", "minus"}, quiet))
        .isEqualTo(Audit.ERROR);
  }

  private String[] args(TestStore store, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--db-url",
                store.url,
                "--db-user",
                TestDatabase.user(),
                "--db-password",
                TestDatabase.password(),
                "--report-json",
                dir.resolve("report.json").toString(),
                "--report-html",
                dir.resolve("report.html").toString(),
                "--progress-every",
                "10"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private JsonNode audit(TestStore store, int expectedExitCode, String... more) throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Audit.run(args(store, more), new PrintStream(err, true, StandardCharsets.UTF_8));
    stderr = err.toString(StandardCharsets.UTF_8);
    JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
    assertThat(code).as(stderr + "\n" + report.get("violations")).isEqualTo(expectedExitCode);
    return report;
  }

  /** "position aggregate sequence" of each violation of a rule. */
  private static List<String> violations(JsonNode report, String rule) {
    return StreamSupport.stream(report.get("violations").spliterator(), false)
        .filter(v -> v.get("rule").asText().equals(rule))
        .map(
            v ->
                v.get("position").asLong()
                    + " "
                    + v.get("aggregateId").asText()
                    + (v.get("sequenceNumber").asLong() < 0
                        ? " " + v.get("detail").asText()
                        : " " + v.get("sequenceNumber").asLong()))
        .toList();
  }
}
