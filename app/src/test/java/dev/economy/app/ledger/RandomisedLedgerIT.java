package dev.economy.app.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.economy.app.IntegrationTest;
import dev.economy.app.ledger.LedgerClient.Result;
import dev.economy.app.ledger.LedgerFold.TransferState;
import dev.economy.command.ledger.Account;
import dev.economy.messages.ledger.AccountKind;
import dev.economy.messages.ledger.AccountStatus;
import dev.economy.messages.ledger.CloseAccountCommand;
import dev.economy.messages.ledger.FreezeAccountCommand;
import dev.economy.messages.ledger.LedgerErrorCode;
import dev.economy.messages.ledger.LedgerRules;
import dev.economy.messages.ledger.SystemAccount;
import dev.economy.messages.ledger.TransferCompletedEvent;
import dev.economy.messages.ledger.TransferInitiatedEvent;
import dev.economy.messages.ledger.TransferMoneyCommand;
import dev.economy.messages.ledger.TransferReturnedEvent;
import dev.economy.messages.ledger.TransferStatus;
import dev.economy.messages.ledger.UnfreezeAccountCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.Repository;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Thousands of random ledger operations through the real command bus and PostgreSQL, many of them
 * concurrent: grants, player-to-player transfers, purchases, deposits and withdrawals, transfers
 * with too little money, repeated idempotency keys (same and changed content), freezes, unfreezes
 * and closes, transfers to frozen and closed accounts. Half of the accepted transfers are settled
 * on the fast path, the rest by the transfer-settlement processor.
 *
 * <p>Afterwards every event in the store is folded in global order ({@link LedgerFold}), checking
 * conservation, non-negative balances and exactly-once after every event; the fold is then compared
 * with the aggregates and the read models. The seed is printed; rerun one with {@code
 * -Dledger.random.seed=...} ({@code -Dledger.random.operations=...} sets the count).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RandomisedLedgerIT extends IntegrationTest {

  private static final int OPERATIONS = Integer.getInteger("ledger.random.operations", 3000);
  private static final int THREADS = 8;

  /** Operations started together; they race each other, the next group starts when all answered. */
  private static final int CONCURRENT_GROUP_SIZE = 48;

  private static final int PLAYERS = 16;

  /** Players 0 .. LEAVERS-1 empty and close their accounts during the run. */
  private static final int LEAVERS = 2;

  private static final List<String> ACTORS = List.of("game-server-1", "game-server-2", "website");
  private static final List<String> SOURCES =
      List.of(
          SystemAccount.PAYROLL.accountId(),
          SystemAccount.DONATIONS.accountId(),
          SystemAccount.ADMIN_GRANTS.accountId());
  private static final List<String> SINKS =
      List.of(SystemAccount.PURCHASES.accountId(), SystemAccount.FEES.accountId());
  private static final Set<LedgerErrorCode> FUNDS_OR_STATUS =
      Set.of(
          LedgerErrorCode.INSUFFICIENT_FUNDS,
          LedgerErrorCode.ACCOUNT_FROZEN,
          LedgerErrorCode.ACCOUNT_CLOSED);
  private static final Set<String> CREDIT_REFUSALS =
      Set.of("account_frozen", "account_closed", "amount_overflow", "not_found");

  enum Kind {
    GRANT(14),
    PLAYER_TO_PLAYER(22),
    PURCHASE(12),
    DEPOSIT(6),
    WITHDRAWAL(6),
    TOO_MUCH(5),
    TO_UNKNOWN(2),
    REPEAT_SAME(8),
    REPEAT_CHANGED(5),
    REPEAT_OTHER_ACTOR(3),
    REPEAT_REFUSED(2),
    CONCURRENT_REPEAT(3),
    // Unfreezing more often than freezing and rare closes keep most accounts usable all along.
    FREEZE(4),
    UNFREEZE(6),
    CLOSE(1);

    final int weight;

    Kind(int weight) {
      this.weight = weight;
    }
  }

  @Autowired CommandGateway gateway;
  @Autowired JdbcTemplate jdbc;

  @Autowired
  @Qualifier("eventSerializer")
  Serializer serializer;

  @Autowired
  @Qualifier("accountRepository")
  Repository<Account> accountRepository;

  private long seed;
  private Random random;
  private String prefix;
  private LedgerClient ledger;
  private AccountAggregates aggregates;
  private ExecutorService pool;
  private final List<String> players = new ArrayList<>();
  private final List<String> playerAccounts = new ArrayList<>();

  /** Accepted (first-time) transfers by id; refused transfer ids; both as the clients saw them. */
  private final Map<String, TransferMoneyCommand> accepted = new ConcurrentHashMap<>();

  private final Set<String> refused = ConcurrentHashMap.newKeySet();

  /** What earlier groups left to repeat; only touched between groups. */
  private final List<TransferMoneyCommand> acceptedEarlier = new ArrayList<>();

  private final List<TransferMoneyCommand> refusedEarlier = new ArrayList<>();
  private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
  private final Map<Kind, AtomicInteger> operationCounts = new EnumMap<>(Kind.class);
  private final Map<LedgerErrorCode, AtomicInteger> refusalCounts = new ConcurrentHashMap<>();
  private final AtomicInteger fastPathSettlements = new AtomicInteger();
  private final List<String> closedByLeaving = new ArrayList<>();
  private LedgerFold fold;

  @BeforeAll
  void runRandomOperations() {
    seed = Long.getLong("ledger.random.seed", System.nanoTime());
    System.out.println(
        "RandomisedLedgerIT seed=" + seed + " (rerun with -Dledger.random.seed=" + seed + ")");
    random = new Random(seed);
    prefix = "r" + Long.toString(seed & Long.MAX_VALUE, 36);
    ledger = new LedgerClient(gateway);
    aggregates = new AccountAggregates(accountRepository);
    pool = Executors.newFixedThreadPool(THREADS);
    for (Kind kind : Kind.values()) {
      operationCounts.put(kind, new AtomicInteger());
    }
    for (int i = 0; i < PLAYERS; i++) {
      String player = prefix + "-" + i;
      players.add(player);
      ledger.open(LedgerRules.walletAccountId(player), player, AccountKind.WALLET);
      ledger.open(LedgerRules.bankAccountId(player), player, AccountKind.BANK);
      playerAccounts.add(LedgerRules.walletAccountId(player));
      playerAccounts.add(LedgerRules.bankAccountId(player));
    }

    int operation = 0;
    int nextLeaver = 0;
    while (operation < OPERATIONS) {
      List<Runnable> group = new ArrayList<>();
      List<List<Result>> concurrentRepeats = new ArrayList<>();
      int end = Math.min(OPERATIONS, operation + CONCURRENT_GROUP_SIZE);
      for (; operation < end; operation++) {
        group.addAll(operation(operation, concurrentRepeats));
      }
      CompletableFuture.allOf(
              group.stream()
                  .map(task -> CompletableFuture.runAsync(task, pool))
                  .toArray(CompletableFuture[]::new))
          .join();
      for (List<Result> pair : concurrentRepeats) {
        checkConcurrentRepeat(pair);
      }
      acceptedEarlier.clear();
      acceptedEarlier.addAll(accepted.values());
      acceptedEarlier.sort((a, b) -> a.idempotencyKey().compareTo(b.idempotencyKey()));
      // A leaver empties and closes their accounts a third and two thirds into the run, so that
      // later operations meet closed accounts (credits come back to their source).
      if (nextLeaver < LEAVERS && operation >= (nextLeaver + 1) * OPERATIONS / (LEAVERS + 1)) {
        leave(players.get(nextLeaver));
        nextLeaver++;
      }
    }
    System.out.println(
        "RandomisedLedgerIT seed="
            + seed
            + " operations="
            + operationCounts
            + " refusals="
            + refusalCounts
            + " accepted="
            + accepted.size()
            + " fastPathSettlements="
            + fastPathSettlements
            + " closedByLeaving="
            + closedByLeaving);

    // The processor settles whatever the fast path left: nothing may stay in flight.
    await("every transfer settled")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                StoredEvents.count(jdbc, TransferInitiatedEvent.class)
                    == StoredEvents.count(jdbc, TransferCompletedEvent.class)
                        + StoredEvents.count(jdbc, TransferReturnedEvent.class));
  }

  @AfterAll
  void stopThreads() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  // --- the checks ---

  @Test
  void everyOperationGotAnAnswerItMayGet() {
    assertThat(problems).as("seed " + seed).isEmpty();
  }

  @Test
  void theOperationsExercisedEveryRule() {
    // Guards the test itself: a workload that never met a frozen or closed account proves little.
    assertThat(refusalCounts)
        .as("seed " + seed)
        .containsKeys(
            LedgerErrorCode.INSUFFICIENT_FUNDS,
            LedgerErrorCode.ACCOUNT_FROZEN,
            LedgerErrorCode.ACCOUNT_CLOSED,
            LedgerErrorCode.IDEMPOTENCY_CONFLICT,
            LedgerErrorCode.ACCOUNT_NOT_EMPTY,
            LedgerErrorCode.NOT_FOUND);
    Map<String, Long> returnedByCode = new java.util.TreeMap<>();
    fold().transfers().values().stream()
        .filter(t -> t.status == TransferStatus.RETURNED)
        .forEach(t -> returnedByCode.merge(t.failureCode, 1L, Long::sum));
    Map<AccountStatus, Long> playerAccountStatuses = new EnumMap<>(AccountStatus.class);
    fold().accounts().values().stream()
        .filter(a -> a.accountId.contains(prefix))
        .forEach(a -> playerAccountStatuses.merge(a.status, 1L, Long::sum));
    System.out.println(
        "RandomisedLedgerIT seed="
            + seed
            + " returned="
            + returnedByCode
            + " player accounts at the end="
            + playerAccountStatuses);
    assertThat(returnedByCode)
        .as("transfers returned to their source, by code")
        .containsKeys("account_frozen", "account_closed");
    assertThat(closedByLeaving).hasSize(2 * LEAVERS);
    assertThat(fastPathSettlements.get()).isPositive();
    assertThat(accepted.size()).isGreaterThan(fastPathSettlements.get());
  }

  @Test
  void conservationAndNoNegativeBalanceHoldAfterEveryEvent() {
    // The fold checks both after every event and throws at the first event that breaks one.
    LedgerFold fold = fold();
    assertThat(fold.eventsFolded()).isGreaterThan(OPERATIONS);
    assertThat(fold.balanceSum()).isZero();
    fold.accounts().values().stream()
        .filter(a -> !a.kind.mayGoNegative())
        .forEach(a -> assertThat(a.lowestBalanceMinor).as(a.accountId).isNotNegative());
  }

  @Test
  void noIdempotencyKeyMovedMoneyTwiceAndNoRefusalMovedAny() {
    LedgerFold fold = fold();
    // Every transfer a client saw accepted is in the store once, with the content it was sent with.
    for (TransferMoneyCommand command : accepted.values()) {
      TransferState transfer = fold.transfers().get(command.transferId());
      assertThat(transfer).as("accepted transfer " + command.idempotencyKey()).isNotNull();
      assertThat(transfer.initiated.amountMinor()).isEqualTo(command.amountMinor());
      assertThat(transfer.initiated.fromAccountId()).isEqualTo(command.fromAccountId());
      assertThat(transfer.initiated.toAccountId()).isEqualTo(command.toAccountId());
      assertThat(transfer.debited).isTrue();
    }
    // A refusal writes nothing: a key that was only ever refused moved no money.
    for (String transferId : refused) {
      if (!accepted.containsKey(transferId)) {
        assertThat(fold.transfers())
            .as("refused transfer " + transferId)
            .doesNotContainKey(transferId);
      }
    }
    // And nothing of this run moved that no client was told about.
    fold.transfers().values().stream()
        .filter(t -> t.initiated.idempotencyKey().startsWith(prefix + "-"))
        .forEach(
            t ->
                assertThat(accepted)
                    .as("transfer " + t.initiated.idempotencyKey())
                    .containsKey(t.initiated.transferId()));
  }

  @Test
  void everyTransferWasSettled() {
    LedgerFold fold = fold();
    assertThat(fold.inFlight()).as("money still in flight").isEmpty();
    for (TransferState transfer : fold.transfers().values()) {
      String what = "transfer " + transfer.initiated.idempotencyKey();
      assertThat(transfer.status).as(what).isIn(TransferStatus.COMPLETED, TransferStatus.RETURNED);
      assertThat(transfer.credited ^ transfer.refunded)
          .as(what + " credited xor refunded")
          .isTrue();
      if (transfer.status == TransferStatus.RETURNED) {
        assertThat(transfer.failureCode).as(what).isIn(CREDIT_REFUSALS);
      }
    }
    fold.accounts().values().forEach(a -> assertThat(a.inFlightOutMinor).as(a.accountId).isZero());
  }

  @Test
  void finalBalancesEqualTheAccountAggregates() {
    for (LedgerFold.AccountState account : fold().accounts().values()) {
      AccountAggregates.AccountState aggregate = aggregates.load(account.accountId);
      assertThat(aggregate)
          .as(account.accountId)
          .isEqualTo(
              new AccountAggregates.AccountState(
                  account.accountId,
                  account.ownerId,
                  account.kind,
                  account.status,
                  account.balanceMinor,
                  account.inFlightOutMinor));
    }
  }

  /**
   * Invariant 5. Needs the ledger projections (account_balance, account_history,
   * transfer_in_flight, money_supply); until they exist the tables stay empty and this fails.
   */
  @Test
  void readModelsEqualTheFoldOfTheEvents() {
    LedgerFold fold = fold();
    await("projections caught up with the event store")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> ReadModels.assertEqualToFold(jdbc, fold));
  }

  private synchronized LedgerFold fold() {
    if (fold == null) {
      fold = LedgerFold.of(StoredEvents.readAll(jdbc, serializer));
    }
    return fold;
  }

  // --- the operations ---

  private List<Runnable> operation(int index, List<List<Result>> concurrentRepeats) {
    Kind kind = pick();
    operationCounts.get(kind).incrementAndGet();
    String key = prefix + "-" + index;
    String actor = ACTORS.get(random.nextInt(ACTORS.size()));
    boolean fastPath = random.nextBoolean();
    String memo = memo();
    switch (kind) {
      case GRANT -> {
        TransferMoneyCommand command =
            LedgerClient.transferCommand(
                actor,
                key,
                any(SOURCES),
                anyPlayerAccount(),
                1 + random.nextInt(5_000),
                random.nextBoolean() ? "salary" : "grant",
                memo);
        return List.of(() -> transfer(kind, command, fastPath, Set.of()));
      }
      case PLAYER_TO_PLAYER -> {
        String from = anyPlayerAccount();
        String to = anyPlayerAccountBut(from);
        TransferMoneyCommand command =
            LedgerClient.transferCommand(
                actor, key, from, to, 1 + random.nextInt(3_000), "gift", memo);
        return List.of(() -> transfer(kind, command, fastPath, FUNDS_OR_STATUS));
      }
      case PURCHASE -> {
        TransferMoneyCommand command =
            LedgerClient.transferCommand(
                actor,
                key,
                anyPlayerAccount(),
                any(SINKS),
                1 + random.nextInt(1_500),
                random.nextBoolean() ? "purchase" : "fee",
                memo);
        return List.of(() -> transfer(kind, command, fastPath, FUNDS_OR_STATUS));
      }
      case DEPOSIT, WITHDRAWAL -> {
        String player = any(players);
        String wallet = LedgerRules.walletAccountId(player);
        String bank = LedgerRules.bankAccountId(player);
        TransferMoneyCommand command =
            kind == Kind.DEPOSIT
                ? LedgerClient.transferCommand(
                    actor, key, wallet, bank, 1 + random.nextInt(2_000), "deposit", memo)
                : LedgerClient.transferCommand(
                    actor, key, bank, wallet, 1 + random.nextInt(2_000), "withdrawal", memo);
        return List.of(() -> transfer(kind, command, fastPath, FUNDS_OR_STATUS));
      }
      case TOO_MUCH -> {
        // More than all the money ever granted in this run: no player account can have it.
        String from = anyPlayerAccount();
        TransferMoneyCommand command =
            LedgerClient.transferCommand(
                actor,
                key,
                from,
                random.nextBoolean() ? anyPlayerAccountBut(from) : any(SINKS),
                1_000_000_000_000L,
                "purchase",
                memo);
        return List.of(
            () -> {
              Result result = ledger.transfer(command);
              expect(
                  kind,
                  command,
                  result,
                  !result.accepted() && FUNDS_OR_STATUS.contains(result.refusal()));
              countRefusal(result);
              refused.add(command.transferId());
            });
      }
      case TO_UNKNOWN -> {
        TransferMoneyCommand command =
            LedgerClient.transferCommand(
                actor,
                key,
                anyPlayerAccount(),
                "player:" + prefix + "-nobody:wallet",
                1,
                "gift",
                memo);
        return List.of(
            () -> {
              Result result = ledger.transfer(command);
              expect(kind, command, result, result.refusal() == LedgerErrorCode.NOT_FOUND);
              countRefusal(result);
              refused.add(command.transferId());
            });
      }
      case REPEAT_SAME -> {
        if (acceptedEarlier.isEmpty()) {
          return List.of();
        }
        TransferMoneyCommand first = any(acceptedEarlier);
        return List.of(
            () -> {
              Result result = ledger.transfer(first);
              expect(
                  kind,
                  first,
                  result,
                  result.accepted()
                      && result.outcome().replayed()
                      && result.outcome().transferId().equals(first.transferId())
                      && result.outcome().amountMinor() == first.amountMinor()
                      && result.outcome().toAccountId().equals(first.toAccountId()));
            });
      }
      case REPEAT_CHANGED -> {
        if (acceptedEarlier.isEmpty()) {
          return List.of();
        }
        TransferMoneyCommand first = any(acceptedEarlier);
        TransferMoneyCommand changed =
            new TransferMoneyCommand(
                first.transferId(),
                first.idempotencyKey(),
                first.fromAccountId(),
                first.toAccountId(),
                first.amountMinor() + 1 + random.nextInt(10),
                first.reasonCode(),
                first.memo(),
                first.actor());
        return List.of(
            () -> {
              Result result = ledger.transfer(changed);
              expect(
                  kind, changed, result, result.refusal() == LedgerErrorCode.IDEMPOTENCY_CONFLICT);
              countRefusal(result);
            });
      }
      case REPEAT_OTHER_ACTOR -> {
        if (acceptedEarlier.isEmpty()) {
          return List.of();
        }
        // Keys are scoped to their sender: another actor's same key is another transfer.
        TransferMoneyCommand first = any(acceptedEarlier);
        String otherActor = ACTORS.get((ACTORS.indexOf(first.actor()) + 1) % ACTORS.size());
        TransferMoneyCommand other =
            LedgerClient.transferCommand(
                otherActor,
                first.idempotencyKey(),
                first.fromAccountId(),
                first.toAccountId(),
                first.amountMinor(),
                first.reasonCode(),
                first.memo());
        boolean fromSource = SOURCES.contains(other.fromAccountId());
        // An earlier repeat may already have sent exactly this: then it is a replay.
        return List.of(
            () -> transfer(kind, other, fastPath, true, fromSource ? Set.of() : FUNDS_OR_STATUS));
      }
      case REPEAT_REFUSED -> {
        if (refusedEarlier.isEmpty()) {
          return List.of();
        }
        // A refused key wrote nothing, so it may be tried again and may now succeed.
        TransferMoneyCommand earlier = any(refusedEarlier);
        return List.of(
            () -> {
              Result result = ledger.transfer(earlier);
              expect(
                  kind,
                  earlier,
                  result,
                  result.accepted()
                      || FUNDS_OR_STATUS.contains(result.refusal())
                      || result.refusal() == LedgerErrorCode.NOT_FOUND);
              record(earlier, result);
            });
      }
      case CONCURRENT_REPEAT -> {
        // The same new request twice at the same moment: at most one of them moves money.
        String from = anyPlayerAccount();
        TransferMoneyCommand command =
            LedgerClient.transferCommand(
                actor,
                key,
                from,
                anyPlayerAccountBut(from),
                1 + random.nextInt(1_000),
                "gift",
                memo);
        List<Result> pair = Collections.synchronizedList(new ArrayList<>());
        concurrentRepeats.add(pair);
        Runnable send =
            () -> {
              Result result = ledger.transfer(command);
              expect(
                  kind,
                  command,
                  result,
                  result.accepted() || FUNDS_OR_STATUS.contains(result.refusal()));
              record(command, result);
              pair.add(result);
            };
        return List.of(send, send);
      }
      case FREEZE, UNFREEZE -> {
        String account = anyPlayerAccount();
        Object command =
            kind == Kind.FREEZE
                ? new FreezeAccountCommand(account, "random check", actor)
                : new UnfreezeAccountCommand(account, "random check cleared", actor);
        return List.of(
            () -> {
              Optional<LedgerErrorCode> refusal = ledger.send(command);
              expect(
                  kind,
                  command,
                  refusal,
                  refusal.isEmpty() || refusal.get() == LedgerErrorCode.ACCOUNT_CLOSED);
              refusal.ifPresent(this::countRefusal);
            });
      }
      case CLOSE -> {
        Object command = new CloseAccountCommand(anyPlayerAccount(), "random close", actor);
        return List.of(
            () -> {
              Optional<LedgerErrorCode> refusal = ledger.send(command);
              expect(
                  kind,
                  command,
                  refusal,
                  refusal.isEmpty() || refusal.get() == LedgerErrorCode.ACCOUNT_NOT_EMPTY);
              refusal.ifPresent(this::countRefusal);
            });
      }
      default -> throw new IllegalStateException(kind.name());
    }
  }

  /** Sends a new transfer; a source pays anything, so grants may not be refused at all. */
  private void transfer(
      Kind kind, TransferMoneyCommand command, boolean fastPath, Set<LedgerErrorCode> allowed) {
    transfer(kind, command, fastPath, false, allowed);
  }

  private void transfer(
      Kind kind,
      TransferMoneyCommand command,
      boolean fastPath,
      boolean mayBeReplay,
      Set<LedgerErrorCode> allowed) {
    Result result = ledger.transfer(command);
    expect(
        kind,
        command,
        result,
        (result.accepted() && (mayBeReplay || !result.outcome().replayed()))
            || (!result.accepted() && allowed.contains(result.refusal())));
    record(command, result);
    if (result.acceptedFirstTime() && fastPath) {
      fastPathSettlements.incrementAndGet();
      Result settled = ledger.settle(command.transferId());
      // Settling twice (here and in the processor) is harmless; either way it is settled now.
      expect(
          kind,
          "settle " + command.idempotencyKey(),
          settled,
          settled.accepted() && settled.outcome().status() != TransferStatus.PENDING);
    }
  }

  private void record(TransferMoneyCommand command, Result result) {
    if (result.accepted()) {
      accepted.put(command.transferId(), command);
    } else {
      countRefusal(result);
      refused.add(command.transferId());
      synchronized (refusedEarlier) {
        if (refusedEarlier.size() < 1_000) {
          refusedEarlier.add(command);
        }
      }
    }
  }

  private void checkConcurrentRepeat(List<Result> pair) {
    long firstTime = pair.stream().filter(Result::acceptedFirstTime).count();
    if (firstTime > 1) {
      problems.add("the same request sent twice at once moved money twice: " + pair);
    }
  }

  /** Empties a player's accounts into the purchases sink and closes them. */
  private void leave(String player) {
    for (String account :
        List.of(LedgerRules.walletAccountId(player), LedgerRules.bankAccountId(player))) {
      ledger.send(new UnfreezeAccountCommand(account, "leaving", "admin"));
      AtomicInteger attempt = new AtomicInteger();
      // Incoming transfers may still be settling: drain and retry until nothing is left to lose.
      await("closing " + account)
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                AccountAggregates.AccountState state = aggregates.load(account);
                if (state.status() == AccountStatus.CLOSED) {
                  return true;
                }
                if (state.balanceMinor() > 0) {
                  TransferMoneyCommand drain =
                      LedgerClient.transferCommand(
                          "admin",
                          prefix + "-leave-" + account + "-" + attempt.incrementAndGet(),
                          account,
                          SystemAccount.PURCHASES.accountId(),
                          state.balanceMinor(),
                          "account-closure",
                          null);
                  Result result = ledger.transfer(drain);
                  record(drain, result);
                  if (result.acceptedFirstTime()) {
                    ledger.settle(drain.transferId());
                  }
                }
                Optional<LedgerErrorCode> refusal =
                    ledger.send(new CloseAccountCommand(account, "player left", "admin"));
                return refusal.isEmpty();
              });
      closedByLeaving.add(account);
    }
  }

  private void expect(Kind kind, Object command, Object result, boolean allowed) {
    if (!allowed) {
      problems.add(kind + " " + command + " answered " + result);
    }
  }

  private void countRefusal(Result result) {
    if (!result.accepted()) {
      countRefusal(result.refusal());
    }
  }

  private void countRefusal(LedgerErrorCode code) {
    refusalCounts.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
  }

  private Kind pick() {
    int total = 0;
    for (Kind kind : Kind.values()) {
      total += kind.weight;
    }
    int roll = random.nextInt(total);
    for (Kind kind : Kind.values()) {
      roll -= kind.weight;
      if (roll < 0) {
        return kind;
      }
    }
    throw new IllegalStateException();
  }

  private String memo() {
    return switch (random.nextInt(4)) {
      case 0 -> null;
      case 1 -> "";
      case 2 -> "m".repeat(LedgerRules.MEMO_LENGTH_MAX);
      default -> "thanks for the ride #" + random.nextInt(1_000);
    };
  }

  private String anyPlayerAccount() {
    return any(playerAccounts);
  }

  private String anyPlayerAccountBut(String account) {
    String other;
    do {
      other = anyPlayerAccount();
    } while (other.equals(account));
    return other;
  }

  private <T> T any(List<T> list) {
    return list.get(random.nextInt(list.size()));
  }
}
