package dev.economy.command.ledger;

import static dev.economy.command.ledger.Refusals.refusedWith;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One rule of the Transfer aggregate per test, named after the outcome. */
class TransferTest {

  private static final String ACTOR = "game-server-1";
  private static final String KEY = "shop-order-17";
  private static final String TRANSFER = TransferIds.transferId(ACTOR, KEY);
  private static final String FROM = "player:42:wallet";
  private static final String TO = "player:7:wallet";

  private FixtureConfiguration<Transfer> fixture;
  private RecordingLedger ledger;

  @BeforeEach
  void setUp() {
    ledger = new RecordingLedger();
    ledger.existing.add(FROM);
    ledger.existing.add(TO);
    fixture = new AggregateTestFixture<>(Transfer.class);
    fixture.registerInjectableResource(ledger);
  }

  // --- initiating ---

  @Test
  void firstRequestInitiatesTheTransferAndDebitsTheSource() {
    fixture
        .givenNoPriorActivity()
        .when(transfer(250, "gift"))
        .expectSuccessfulHandlerExecution()
        .expectEvents(initiated(250, "gift"))
        .expectResultMessagePayload(outcome(250, TransferStatus.PENDING, null, false));
    assertThat(ledger.debits)
        .containsExactly(
            new DebitAccountCommand(FROM, TRANSFER, KEY, TO, 250, "gift", "birthday", ACTOR));
  }

  @Test
  void sameKeyWithTheSameContentReplaysTheFirstOutcomeAndMovesNothing() {
    fixture
        .given(initiated(250, "gift"))
        .when(transfer(250, "gift"))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents()
        .expectResultMessagePayload(outcome(250, TransferStatus.PENDING, null, true));
    assertThat(ledger.debits).isEmpty();
  }

  @Test
  void sameKeyAfterCompletionReplaysTheCompletedOutcome() {
    fixture
        .given(initiated(250, "gift"), new TransferCompletedEvent(TRANSFER, FROM, TO, 250))
        .when(transfer(250, "gift"))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents()
        .expectResultMessagePayload(outcome(250, TransferStatus.COMPLETED, null, true));
    assertThat(ledger.debits).isEmpty();
  }

  @Test
  void sameKeyAfterReturnReplaysTheReturnedOutcomeWithItsCode() {
    fixture
        .given(
            initiated(250, "gift"),
            new TransferReturnedEvent(TRANSFER, FROM, TO, 250, "account_closed"))
        .when(transfer(250, "gift"))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents()
        .expectResultMessagePayload(outcome(250, TransferStatus.RETURNED, "account_closed", true));
    assertThat(ledger.debits).isEmpty();
  }

  @Test
  void sameKeyWithAnotherAmountIsRefusedAsIdempotencyConflict() {
    fixture
        .given(initiated(250, "gift"))
        .when(transfer(251, "gift"))
        .expectException(refusedWith(LedgerErrorCode.IDEMPOTENCY_CONFLICT))
        .expectNoEvents();
    assertThat(ledger.debits).isEmpty();
  }

  @Test
  void sameKeyWithAnotherReasonIsRefusedAsIdempotencyConflict() {
    fixture
        .given(initiated(250, "gift"))
        .when(transfer(250, "purchase"))
        .expectException(refusedWith(LedgerErrorCode.IDEMPOTENCY_CONFLICT))
        .expectNoEvents();
  }

  @Test
  void sameKeyWithAnotherDestinationIsRefusedAsIdempotencyConflict() {
    ledger.existing.add("player:8:wallet");
    fixture
        .given(initiated(250, "gift"))
        .when(
            new TransferMoneyCommand(
                TRANSFER, KEY, FROM, "player:8:wallet", 250, "gift", "birthday", ACTOR))
        .expectException(refusedWith(LedgerErrorCode.IDEMPOTENCY_CONFLICT))
        .expectNoEvents();
  }

  @Test
  void sameKeyWithAnotherMemoIsRefusedAsIdempotencyConflict() {
    fixture
        .given(initiated(250, "gift"))
        .when(new TransferMoneyCommand(TRANSFER, KEY, FROM, TO, 250, "gift", "another memo", ACTOR))
        .expectException(refusedWith(LedgerErrorCode.IDEMPOTENCY_CONFLICT))
        .expectNoEvents();
  }

  @Test
  void transferRefusedByTheSourceAccountWritesNothing() {
    ledger.debitRefusal = LedgerErrorCode.INSUFFICIENT_FUNDS;
    fixture
        .givenNoPriorActivity()
        .when(transfer(250, "gift"))
        .expectException(refusedWith(LedgerErrorCode.INSUFFICIENT_FUNDS))
        .expectNoEvents();
    assertThat(ledger.debits).hasSize(1);
  }

  @Test
  void transferToAnUnknownAccountIsRefusedAsNotFound() {
    fixture
        .givenNoPriorActivity()
        .when(
            new TransferMoneyCommand(
                TRANSFER, KEY, FROM, "player:999:wallet", 250, "gift", null, ACTOR))
        .expectException(refusedWith(LedgerErrorCode.NOT_FOUND))
        .expectNoEvents();
    assertThat(ledger.debits).isEmpty();
  }

  @Test
  void transferToTheSameAccountIsRefusedAsInvalid() {
    fixture
        .givenNoPriorActivity()
        .when(new TransferMoneyCommand(TRANSFER, KEY, FROM, FROM, 250, "gift", null, ACTOR))
        .expectException(refusedWith(LedgerErrorCode.VALIDATION_FAILED))
        .expectNoEvents();
    assertThat(ledger.debits).isEmpty();
  }

  @Test
  void transferWithAMemoLongerThanTheLimitIsRefusedAsInvalid() {
    String memo = "m".repeat(LedgerRules.MEMO_LENGTH_MAX + 1);
    fixture
        .givenNoPriorActivity()
        .when(new TransferMoneyCommand(TRANSFER, KEY, FROM, TO, 250, "gift", memo, ACTOR))
        .expectException(refusedWith(LedgerErrorCode.VALIDATION_FAILED))
        .expectNoEvents();
    assertThat(ledger.debits).isEmpty();
  }

  @Test
  void transferWithAMemoOfExactlyTheLimitIsAccepted() {
    String memo = "m".repeat(LedgerRules.MEMO_LENGTH_MAX);
    fixture
        .givenNoPriorActivity()
        .when(new TransferMoneyCommand(TRANSFER, KEY, FROM, TO, 250, "gift", memo, ACTOR))
        .expectSuccessfulHandlerExecution()
        .expectEvents(
            new TransferInitiatedEvent(TRANSFER, KEY, FROM, TO, 250, "gift", memo, ACTOR));
  }

  @Test
  void transferWithAMalformedReasonCodeIsRefusedAsInvalid() {
    fixture
        .givenNoPriorActivity()
        .when(new TransferMoneyCommand(TRANSFER, KEY, FROM, TO, 250, "Not A Code!", null, ACTOR))
        .expectException(refusedWith(LedgerErrorCode.VALIDATION_FAILED))
        .expectNoEvents();
    assertThat(ledger.debits).isEmpty();
  }

  @Test
  void transferWithoutAReasonCodeIsRefusedAsInvalid() {
    fixture
        .givenNoPriorActivity()
        .when(new TransferMoneyCommand(TRANSFER, KEY, FROM, TO, 250, null, null, ACTOR))
        .expectException(refusedWith(LedgerErrorCode.VALIDATION_FAILED))
        .expectNoEvents();
  }

  @Test
  void transferOfZeroIsRefusedAsInvalid() {
    fixture
        .givenNoPriorActivity()
        .when(transfer(0, "gift"))
        .expectException(refusedWith(LedgerErrorCode.VALIDATION_FAILED))
        .expectNoEvents();
    assertThat(ledger.debits).isEmpty();
  }

  @Test
  void transferOfANegativeAmountIsRefusedAsInvalid() {
    fixture
        .givenNoPriorActivity()
        .when(transfer(-250, "gift"))
        .expectException(refusedWith(LedgerErrorCode.VALIDATION_FAILED))
        .expectNoEvents();
    assertThat(ledger.debits).isEmpty();
  }

  @Test
  void transferWithAMalformedIdempotencyKeyIsRefusedAsInvalid() {
    String key = "key with spaces";
    fixture
        .givenNoPriorActivity()
        .when(
            new TransferMoneyCommand(
                TransferIds.transferId(ACTOR, key), key, FROM, TO, 250, "gift", null, ACTOR))
        .expectException(refusedWith(LedgerErrorCode.VALIDATION_FAILED))
        .expectNoEvents();
  }

  @Test
  void transferWhoseIdBelongsToAnotherSenderIsRefusedAsInvalid() {
    // Otherwise one sender could replay or block another sender's idempotency keys.
    fixture
        .givenNoPriorActivity()
        .when(
            new TransferMoneyCommand(TRANSFER, KEY, FROM, TO, 250, "gift", null, "another-server"))
        .expectException(refusedWith(LedgerErrorCode.VALIDATION_FAILED))
        .expectNoEvents();
    assertThat(ledger.debits).isEmpty();
  }

  @Test
  void aRequestWhoseIdBelongsToAnotherSenderCannotReplayThatSendersTransfer() {
    // Same transfer id and content, but sent by another actor: the first sender's outcome is not
    // theirs.
    fixture
        .given(initiated(250, "gift"))
        .when(
            new TransferMoneyCommand(
                TRANSFER, KEY, FROM, TO, 250, "gift", "birthday", "another-server"))
        .expectException(refusedWith(LedgerErrorCode.VALIDATION_FAILED))
        .expectNoEvents();
  }

  @Test
  void aRequestWhoseIdBelongsToAnotherKeyCannotReplayThatTransfer() {
    fixture
        .given(initiated(250, "gift"))
        .when(
            new TransferMoneyCommand(
                TRANSFER, "another-key", FROM, TO, 250, "gift", "birthday", ACTOR))
        .expectException(refusedWith(LedgerErrorCode.VALIDATION_FAILED))
        .expectNoEvents();
  }

  // --- settling ---

  @Test
  void settlingCreditsTheDestinationAndCompletesTheTransfer() {
    fixture
        .given(initiated(250, "gift"))
        .when(new SettleTransferCommand(TRANSFER))
        .expectSuccessfulHandlerExecution()
        .expectEvents(new TransferCompletedEvent(TRANSFER, FROM, TO, 250))
        .expectResultMessagePayload(outcome(250, TransferStatus.COMPLETED, null, false));
    assertThat(ledger.credits)
        .containsExactly(
            new CreditAccountCommand(TO, TRANSFER, KEY, FROM, 250, "gift", "birthday", ACTOR));
    assertThat(ledger.creditSources).containsExactly(FROM);
  }

  @Test
  void settlingWhenTheDestinationRefusesReturnsTheTransferWithTheCode() {
    ledger.creditRefusal = LedgerErrorCode.ACCOUNT_CLOSED;
    fixture
        .given(initiated(250, "gift"))
        .when(new SettleTransferCommand(TRANSFER))
        .expectSuccessfulHandlerExecution()
        .expectEvents(new TransferReturnedEvent(TRANSFER, FROM, TO, 250, "account_closed"))
        .expectResultMessagePayload(outcome(250, TransferStatus.RETURNED, "account_closed", false));
  }

  @Test
  void settlingACompletedTransferChangesNothing() {
    fixture
        .given(initiated(250, "gift"), new TransferCompletedEvent(TRANSFER, FROM, TO, 250))
        .when(new SettleTransferCommand(TRANSFER))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents()
        .expectResultMessagePayload(outcome(250, TransferStatus.COMPLETED, null, true));
    assertThat(ledger.credits).isEmpty();
  }

  @Test
  void settlingAReturnedTransferChangesNothing() {
    fixture
        .given(
            initiated(250, "gift"),
            new TransferReturnedEvent(TRANSFER, FROM, TO, 250, "account_frozen"))
        .when(new SettleTransferCommand(TRANSFER))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents()
        .expectResultMessagePayload(outcome(250, TransferStatus.RETURNED, "account_frozen", true));
    assertThat(ledger.credits).isEmpty();
  }

  @Test
  void settlingAnUnknownTransferIsRefusedAsNotFound() {
    fixture
        .givenNoPriorActivity()
        .when(new SettleTransferCommand(TRANSFER))
        .expectException(refusedWith(LedgerErrorCode.NOT_FOUND))
        .expectNoEvents();
    assertThat(ledger.credits).isEmpty();
  }

  // --- helpers ---

  private static TransferMoneyCommand transfer(long amount, String reason) {
    return new TransferMoneyCommand(TRANSFER, KEY, FROM, TO, amount, reason, "birthday", ACTOR);
  }

  private static TransferInitiatedEvent initiated(long amount, String reason) {
    return new TransferInitiatedEvent(TRANSFER, KEY, FROM, TO, amount, reason, "birthday", ACTOR);
  }

  private static TransferOutcome outcome(
      long amount, TransferStatus status, String failureCode, boolean replayed) {
    return new TransferOutcome(TRANSFER, KEY, FROM, TO, amount, status, failureCode, replayed);
  }

  /** Stands in for the accounts: records what the Transfer asked of them, refuses when told to. */
  static final class RecordingLedger implements AccountLedger {
    final Set<String> existing = new HashSet<>();
    final List<DebitAccountCommand> debits = new ArrayList<>();
    final List<CreditAccountCommand> credits = new ArrayList<>();
    final List<String> creditSources = new ArrayList<>();
    LedgerErrorCode debitRefusal;
    LedgerErrorCode creditRefusal;

    @Override
    public boolean exists(String accountId) {
      return existing.contains(accountId);
    }

    @Override
    public void debit(DebitAccountCommand command) {
      debits.add(command);
      if (debitRefusal != null) {
        throw LedgerFailure.of(debitRefusal, "refused by the test");
      }
    }

    @Override
    public Optional<LedgerErrorCode> creditOrRefund(
        CreditAccountCommand credit, String sourceAccountId) {
      credits.add(credit);
      creditSources.add(sourceAccountId);
      return Optional.ofNullable(creditRefusal);
    }
  }
}
