package dev.economy.app.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.economy.app.IntegrationTest;
import dev.economy.app.ledger.LedgerClient.Result;
import dev.economy.app.ledger.StoredEvents.StoredEvent;
import dev.economy.command.ledger.Account;
import dev.economy.messages.ledger.AccountCreditedEvent;
import dev.economy.messages.ledger.AccountDebitedEvent;
import dev.economy.messages.ledger.AccountKind;
import dev.economy.messages.ledger.AccountRefundedEvent;
import dev.economy.messages.ledger.AccountStatus;
import dev.economy.messages.ledger.LedgerErrorCode;
import dev.economy.messages.ledger.LedgerRules;
import dev.economy.messages.ledger.OutgoingTransferSettledEvent;
import dev.economy.messages.ledger.SystemAccount;
import dev.economy.messages.ledger.TransferMoneyCommand;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.Repository;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An account past the snapshot threshold gets a snapshot, so that loading it costs one snapshot
 * plus fewer than threshold events, and the account still behaves exactly as its events say.
 */
class AccountSnapshotIT extends IntegrationTest {

  private static final long FUNDS_MINOR = 10_000;
  private static final long AMOUNT_MINOR = 10;

  @Autowired CommandGateway gateway;
  @Autowired JdbcTemplate jdbc;

  @Autowired
  @Qualifier("eventSerializer")
  Serializer serializer;

  @Autowired
  @Qualifier("accountRepository")
  Repository<Account> accountRepository;

  @Value("${economy.ledger.snapshot-threshold}")
  int snapshotThreshold;

  @Test
  void anAccountPastTheThresholdIsSnapshottedAndKeepsItsBalance() throws Exception {
    LedgerClient ledger = new LedgerClient(gateway);
    AccountAggregates aggregates = new AccountAggregates(accountRepository);
    String run = "s" + Long.toString(System.nanoTime(), 36);
    String player = run + "-player";
    String wallet = LedgerRules.walletAccountId(player);
    ledger.open(wallet, player, AccountKind.WALLET);
    send(
        ledger,
        LedgerClient.transferCommand(
            "admin",
            run + "-fund",
            SystemAccount.PAYROLL.accountId(),
            wallet,
            FUNDS_MINOR,
            "salary",
            null));

    // Each payment adds two events to the wallet (debit, then settlement of the outgoing money).
    int payments = snapshotThreshold / 2 + 10;
    for (int i = 0; i < payments; i++) {
      send(
          ledger,
          LedgerClient.transferCommand(
              "game-server-1",
              run + "-pay-" + i,
              wallet,
              SystemAccount.FEES.accountId(),
              AMOUNT_MINOR,
              "fee",
              "payment " + i));
    }
    assertThat(lastSequenceNumber(wallet)).isGreaterThan(snapshotThreshold);

    await("a snapshot of " + wallet)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> snapshotCount(wallet) > 0);

    // The snapshot holds what the events up to its sequence number say.
    Map<String, Object> snapshot =
        jdbc.queryForMap(
            "select sequencenumber, payload from snapshotevententry"
                + " where aggregateidentifier = ? order by sequencenumber desc limit 1",
            wallet);
    long snapshotSequence = ((Number) snapshot.get("sequencenumber")).longValue();
    AccountAggregates.AccountState snapshotState = readSnapshot((byte[]) snapshot.get("payload"));
    long[] expected = balanceAndInFlightUpTo(wallet, snapshotSequence);
    // Sequence numbers start at 0: the threshold-th event has number threshold - 1.
    assertThat(snapshotSequence).isGreaterThanOrEqualTo(snapshotThreshold - 1);
    assertThat(snapshotState)
        .isEqualTo(
            new AccountAggregates.AccountState(
                wallet, player, AccountKind.WALLET, AccountStatus.OPEN, expected[0], expected[1]));

    // Loaded from the snapshot plus the events after it, the account has the right balance and
    // acts on it: it can pay exactly what is left, and not one minor unit more.
    long left = FUNDS_MINOR - payments * AMOUNT_MINOR;
    assertThat(aggregates.load(wallet).balanceMinor()).isEqualTo(left);
    Result tooMuch =
        ledger.transfer(
            LedgerClient.transferCommand(
                "game-server-1",
                run + "-too-much",
                wallet,
                SystemAccount.FEES.accountId(),
                left + 1,
                "fee",
                null));
    assertThat(tooMuch.refusal()).isEqualTo(LedgerErrorCode.INSUFFICIENT_FUNDS);
    send(
        ledger,
        LedgerClient.transferCommand(
            "game-server-1",
            run + "-rest",
            wallet,
            SystemAccount.FEES.accountId(),
            left,
            "fee",
            null));
    assertThat(aggregates.load(wallet))
        .isEqualTo(
            new AccountAggregates.AccountState(
                wallet, player, AccountKind.WALLET, AccountStatus.OPEN, 0, 0));
  }

  private void send(LedgerClient ledger, TransferMoneyCommand command) {
    Result result = ledger.transfer(command);
    assertThat(result.acceptedFirstTime()).as(result.toString()).isTrue();
    assertThat(ledger.settle(command.transferId()).accepted()).isTrue();
  }

  private long lastSequenceNumber(String aggregateId) {
    Long last =
        jdbc.queryForObject(
            "select max(sequencenumber) from domainevententry where aggregateidentifier = ?",
            Long.class,
            aggregateId);
    return last == null ? -1 : last;
  }

  private long snapshotCount(String aggregateId) {
    Long count =
        jdbc.queryForObject(
            "select count(*) from snapshotevententry where aggregateidentifier = ?",
            Long.class,
            aggregateId);
    return count == null ? 0 : count;
  }

  private static AccountAggregates.AccountState readSnapshot(byte[] payload) throws Exception {
    ObjectMapper mapper =
        new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    return mapper.readValue(payload, AccountAggregates.AccountState.class);
  }

  /**
   * Balance and money in flight out of the account after its event at the given sequence number.
   */
  private long[] balanceAndInFlightUpTo(String accountId, long sequenceNumber) {
    long balance = 0;
    long inFlight = 0;
    List<StoredEvent> events = StoredEvents.readAggregate(jdbc, serializer, accountId);
    for (StoredEvent event : events) {
      if (event.sequenceNumber() > sequenceNumber) {
        break;
      }
      if (event.payload() instanceof AccountDebitedEvent e) {
        balance = e.balanceAfterMinor();
        inFlight += e.amountMinor();
      } else if (event.payload() instanceof AccountCreditedEvent e) {
        balance = e.balanceAfterMinor();
      } else if (event.payload() instanceof AccountRefundedEvent e) {
        balance = e.balanceAfterMinor();
        inFlight -= e.amountMinor();
      } else if (event.payload() instanceof OutgoingTransferSettledEvent e) {
        inFlight -= e.amountMinor();
      }
    }
    return new long[] {balance, inFlight};
  }
}
