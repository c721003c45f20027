package dev.economy.app.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.economy.app.IntegrationTest;
import dev.economy.app.ledger.LedgerClient.Result;
import dev.economy.command.ledger.Account;
import dev.economy.messages.ledger.AccountKind;
import dev.economy.messages.ledger.LedgerErrorCode;
import dev.economy.messages.ledger.LedgerRules;
import dev.economy.messages.ledger.SystemAccount;
import dev.economy.messages.ledger.TransferMoneyCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.Repository;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Many transfers at the same moment out of one account that can afford only some of them: exactly
 * the affordable ones succeed, the others are refused with insufficient_funds, and the balance is
 * never below zero on the way.
 */
class ConcurrentTransfersIT extends IntegrationTest {

  private static final int TRANSFERS = 50;
  private static final long AMOUNT_MINOR = 100;
  private static final long FUNDS_MINOR = 2_000;
  private static final int AFFORDABLE = (int) (FUNDS_MINOR / AMOUNT_MINOR);
  private static final int THREADS = 25;

  @Autowired CommandGateway gateway;
  @Autowired JdbcTemplate jdbc;

  @Autowired
  @Qualifier("eventSerializer")
  Serializer serializer;

  @Autowired
  @Qualifier("accountRepository")
  Repository<Account> accountRepository;

  private LedgerClient ledger;
  private AccountAggregates aggregates;
  private ExecutorService pool;
  private final String run = "c" + Long.toString(System.nanoTime(), 36);

  @BeforeEach
  void setUp() {
    ledger = new LedgerClient(gateway);
    aggregates = new AccountAggregates(accountRepository);
    pool = Executors.newFixedThreadPool(THREADS);
  }

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
  }

  @Test
  void exactlyTheAffordableTransfersSucceed() throws Exception {
    String payer = openWallet("payer");
    List<String> payees =
        List.of(openWallet("payee-1"), openWallet("payee-2"), SystemAccount.PURCHASES.accountId());
    fund(payer, FUNDS_MINOR);

    CountDownLatch start = new CountDownLatch(1);
    List<Future<Result>> futures = new ArrayList<>();
    for (int i = 0; i < TRANSFERS; i++) {
      TransferMoneyCommand command =
          LedgerClient.transferCommand(
              "game-server-1",
              run + "-pay-" + i,
              payer,
              payees.get(i % payees.size()),
              AMOUNT_MINOR,
              "purchase",
              null);
      boolean fastPath = i % 2 == 0;
      futures.add(
          pool.submit(
              whenStarted(
                  start,
                  () -> {
                    Result result = ledger.transfer(command);
                    if (result.acceptedFirstTime() && fastPath) {
                      ledger.settle(command.transferId());
                    }
                    return result;
                  })));
    }
    start.countDown();
    List<Result> results = new ArrayList<>();
    for (Future<Result> future : futures) {
      results.add(future.get(2, TimeUnit.MINUTES));
    }

    assertThat(results.stream().filter(Result::acceptedFirstTime).count()).isEqualTo(AFFORDABLE);
    assertThat(results.stream().filter(r -> !r.accepted()).map(Result::refusal))
        .hasSize(TRANSFERS - AFFORDABLE)
        .containsOnly(LedgerErrorCode.INSUFFICIENT_FUNDS);
    awaitNothingInFlight(payer);
    AccountAggregates.AccountState state = aggregates.load(payer);
    assertThat(state.balanceMinor()).isZero();

    // The payer's own events: never below zero, exactly the affordable debits, ending at zero.
    LedgerFold fold = LedgerFold.of(StoredEvents.readAll(jdbc, serializer));
    LedgerFold.AccountState folded = fold.accounts().get(payer);
    assertThat(folded.lowestBalanceMinor).isNotNegative();
    assertThat(folded.balanceMinor).isZero();
    assertThat(
            fold.history().stream()
                .filter(h -> h.accountId().equals(payer) && h.entryType().equals("DEBIT")))
        .hasSize(AFFORDABLE);
    long received =
        fold.history().stream()
            .filter(h -> h.entryType().equals("CREDIT") && h.counterpartyAccountId().equals(payer))
            .mapToLong(LedgerFold.HistoryRow::amountMinor)
            .sum();
    assertThat(received).isEqualTo(FUNDS_MINOR);
  }

  @Test
  void transfersCrossingInOppositeDirectionsAllComplete() throws Exception {
    // Settling locks both accounts; crossing transfers would deadlock without a fixed lock order.
    String left = openWallet("left");
    String right = openWallet("right");
    fund(left, 1_000);
    fund(right, 1_000);
    int perDirection = 20;

    CountDownLatch start = new CountDownLatch(1);
    List<Future<Result>> futures = new ArrayList<>();
    for (int i = 0; i < 2 * perDirection; i++) {
      boolean leftToRight = i % 2 == 0;
      TransferMoneyCommand command =
          LedgerClient.transferCommand(
              "game-server-1",
              run + "-cross-" + i,
              leftToRight ? left : right,
              leftToRight ? right : left,
              10,
              "gift",
              null);
      futures.add(
          pool.submit(
              whenStarted(
                  start,
                  () -> {
                    Result result = ledger.transfer(command);
                    return result.acceptedFirstTime()
                        ? ledger.settle(command.transferId())
                        : result;
                  })));
    }
    start.countDown();
    for (Future<Result> future : futures) {
      Result settled = future.get(2, TimeUnit.MINUTES);
      assertThat(settled.accepted()).as(settled.toString()).isTrue();
    }

    awaitNothingInFlight(left);
    awaitNothingInFlight(right);
    assertThat(aggregates.load(left).balanceMinor()).isEqualTo(1_000);
    assertThat(aggregates.load(right).balanceMinor()).isEqualTo(1_000);
  }

  private String openWallet(String name) {
    String player = run + "-" + name;
    String wallet = LedgerRules.walletAccountId(player);
    ledger.open(wallet, player, AccountKind.WALLET);
    return wallet;
  }

  private void fund(String accountId, long amountMinor) {
    TransferMoneyCommand grant =
        LedgerClient.transferCommand(
            "admin",
            run + "-fund-" + accountId,
            SystemAccount.ADMIN_GRANTS.accountId(),
            accountId,
            amountMinor,
            "grant",
            null);
    assertThat(ledger.transfer(grant).acceptedFirstTime()).isTrue();
    assertThat(ledger.settle(grant.transferId()).accepted()).isTrue();
    assertThat(aggregates.load(accountId).balanceMinor()).isEqualTo(amountMinor);
  }

  private void awaitNothingInFlight(String accountId) {
    // Transfers not settled on the fast path are settled by the transfer-settlement processor.
    await("transfers out of " + accountId + " settled")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> aggregates.load(accountId).inFlightOutMinor() == 0);
  }

  private static <T> Callable<T> whenStarted(CountDownLatch start, Callable<T> task) {
    return () -> {
      start.await();
      return task.call();
    };
  }
}
