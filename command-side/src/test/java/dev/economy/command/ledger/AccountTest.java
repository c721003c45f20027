package dev.economy.command.ledger;

import static dev.economy.command.ledger.Refusals.refusedWith;

import dev.economy.messages.ledger.AccountClosedEvent;
import dev.economy.messages.ledger.AccountCreditedEvent;
import dev.economy.messages.ledger.AccountDebitedEvent;
import dev.economy.messages.ledger.AccountFrozenEvent;
import dev.economy.messages.ledger.AccountKind;
import dev.economy.messages.ledger.AccountOpenedEvent;
import dev.economy.messages.ledger.AccountRefundedEvent;
import dev.economy.messages.ledger.AccountUnfrozenEvent;
import dev.economy.messages.ledger.CloseAccountCommand;
import dev.economy.messages.ledger.FreezeAccountCommand;
import dev.economy.messages.ledger.LedgerErrorCode;
import dev.economy.messages.ledger.OpenAccountCommand;
import dev.economy.messages.ledger.OutgoingTransferSettledEvent;
import dev.economy.messages.ledger.UnfreezeAccountCommand;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** One rule of the Account aggregate per test, named after the outcome. */
class AccountTest {

  private static final String ACCOUNT = "player:42:wallet";
  private static final String OWNER = "player:42";
  private static final String OTHER = "player:7:wallet";
  private static final String ACTOR = "game-server-1";
  private static final String TRANSFER = "3f1c2a9e-0000-3000-8000-000000000001";
  private static final String KEY = "key-1";

  private FixtureConfiguration<Account> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Account.class);
  }

  // --- opening ---

  @Test
  void openingANewAccountRecordsItsOwnerAndKind() {
    fixture
        .givenNoPriorActivity()
        .when(new OpenAccountCommand(ACCOUNT, OWNER, AccountKind.WALLET, ACTOR))
        .expectSuccessfulHandlerExecution()
        .expectEvents(new AccountOpenedEvent(ACCOUNT, OWNER, AccountKind.WALLET, ACTOR));
  }

  @Test
  void reopeningWithTheSameOwnerAndKindChangesNothing() {
    fixture
        .given(opened(AccountKind.WALLET))
        .when(new OpenAccountCommand(ACCOUNT, OWNER, AccountKind.WALLET, "someone-else"))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void reopeningWithAnotherOwnerIsRefusedAsAlreadyExisting() {
    fixture
        .given(opened(AccountKind.WALLET))
        .when(new OpenAccountCommand(ACCOUNT, "player:43", AccountKind.WALLET, ACTOR))
        .expectException(refusedWith(LedgerErrorCode.ACCOUNT_ALREADY_EXISTS))
        .expectNoEvents();
  }

  @Test
  void reopeningWithAnotherKindIsRefusedAsAlreadyExisting() {
    fixture
        .given(opened(AccountKind.WALLET))
        .when(new OpenAccountCommand(ACCOUNT, OWNER, AccountKind.BANK, ACTOR))
        .expectException(refusedWith(LedgerErrorCode.ACCOUNT_ALREADY_EXISTS))
        .expectNoEvents();
  }

  @Test
  void openingWithAMalformedOwnerIsRefusedAsInvalid() {
    fixture
        .givenNoPriorActivity()
        .when(new OpenAccountCommand(ACCOUNT, "player 42!", AccountKind.WALLET, ACTOR))
        .expectException(refusedWith(LedgerErrorCode.VALIDATION_FAILED))
        .expectNoEvents();
  }

  @Test
  void openingWithAMalformedAccountIdIsRefusedAsInvalid() {
    fixture
        .givenNoPriorActivity()
        .when(new OpenAccountCommand("player 42 wallet", OWNER, AccountKind.WALLET, ACTOR))
        .expectException(refusedWith(LedgerErrorCode.VALIDATION_FAILED))
        .expectNoEvents();
  }

  @Test
  void openingWithoutAKindIsRefusedAsInvalid() {
    fixture
        .givenNoPriorActivity()
        .when(new OpenAccountCommand(ACCOUNT, OWNER, null, ACTOR))
        .expectException(refusedWith(LedgerErrorCode.VALIDATION_FAILED))
        .expectNoEvents();
  }

  @Test
  void openingWithoutAnActorIsRefusedAsInvalid() {
    fixture
        .givenNoPriorActivity()
        .when(new OpenAccountCommand(ACCOUNT, OWNER, AccountKind.WALLET, null))
        .expectException(refusedWith(LedgerErrorCode.VALIDATION_FAILED))
        .expectNoEvents();
  }

  // --- freezing, unfreezing, closing ---

  @Test
  void freezingAnOpenAccountFreezesIt() {
    fixture
        .given(opened(AccountKind.WALLET))
        .when(new FreezeAccountCommand(ACCOUNT, "fraud check", ACTOR))
        .expectSuccessfulHandlerExecution()
        .expectEvents(new AccountFrozenEvent(ACCOUNT, "fraud check", ACTOR));
  }

  @Test
  void freezingAFrozenAccountChangesNothing() {
    fixture
        .given(opened(AccountKind.WALLET), frozen())
        .when(new FreezeAccountCommand(ACCOUNT, "again", ACTOR))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void freezingAClosedAccountIsRefusedAsClosed() {
    fixture
        .given(opened(AccountKind.WALLET), closed())
        .when(new FreezeAccountCommand(ACCOUNT, "late", ACTOR))
        .expectException(refusedWith(LedgerErrorCode.ACCOUNT_CLOSED))
        .expectNoEvents();
  }

  @Test
  void freezingAnAccountThatDoesNotExistIsRefusedAsNotFound() {
    fixture
        .givenNoPriorActivity()
        .when(new FreezeAccountCommand(ACCOUNT, "fraud check", ACTOR))
        .expectException(refusedWith(LedgerErrorCode.NOT_FOUND))
        .expectNoEvents();
  }

  @Test
  void unfreezingAFrozenAccountOpensIt() {
    fixture
        .given(opened(AccountKind.WALLET), frozen())
        .when(new UnfreezeAccountCommand(ACCOUNT, "cleared", ACTOR))
        .expectSuccessfulHandlerExecution()
        .expectEvents(new AccountUnfrozenEvent(ACCOUNT, "cleared", ACTOR));
  }

  @Test
  void unfreezingAnOpenAccountChangesNothing() {
    fixture
        .given(opened(AccountKind.WALLET))
        .when(new UnfreezeAccountCommand(ACCOUNT, "cleared", ACTOR))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void unfreezingAClosedAccountIsRefusedAsClosed() {
    fixture
        .given(opened(AccountKind.WALLET), closed())
        .when(new UnfreezeAccountCommand(ACCOUNT, "cleared", ACTOR))
        .expectException(refusedWith(LedgerErrorCode.ACCOUNT_CLOSED))
        .expectNoEvents();
  }

  @Test
  void closingAnEmptyAccountClosesIt() {
    fixture
        .given(opened(AccountKind.WALLET))
        .when(new CloseAccountCommand(ACCOUNT, "player left", ACTOR))
        .expectSuccessfulHandlerExecution()
        .expectEvents(new AccountClosedEvent(ACCOUNT, "player left", ACTOR));
  }

  @Test
  void closingAnEmptyFrozenAccountClosesIt() {
    fixture
        .given(opened(AccountKind.WALLET), frozen())
        .when(new CloseAccountCommand(ACCOUNT, "player banned", ACTOR))
        .expectSuccessfulHandlerExecution()
        .expectEvents(new AccountClosedEvent(ACCOUNT, "player banned", ACTOR));
  }

  @Test
  void closingAClosedAccountChangesNothing() {
    fixture
        .given(opened(AccountKind.WALLET), closed())
        .when(new CloseAccountCommand(ACCOUNT, "again", ACTOR))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void closingIsRefusedWhileMoneyIsInTheAccount() {
    fixture
        .given(opened(AccountKind.WALLET), credited(100, 100))
        .when(new CloseAccountCommand(ACCOUNT, "player left", ACTOR))
        .expectException(refusedWith(LedgerErrorCode.ACCOUNT_NOT_EMPTY))
        .expectNoEvents();
  }

  @Test
  void closingIsRefusedWhileMoneyIsInFlightOutOfTheAccount() {
    // Balance zero, but the 100 may still come back as a refund: closing now would lose it.
    fixture
        .given(opened(AccountKind.WALLET), credited(100, 100), debited(100, 0))
        .when(new CloseAccountCommand(ACCOUNT, "player left", ACTOR))
        .expectException(refusedWith(LedgerErrorCode.ACCOUNT_NOT_EMPTY))
        .expectNoEvents();
  }

  @Test
  void closingIsAllowedOnceOutgoingMoneyHasSettled() {
    fixture
        .given(
            opened(AccountKind.WALLET),
            credited(100, 100),
            debited(100, 0),
            new OutgoingTransferSettledEvent(ACCOUNT, TRANSFER, 100))
        .when(new CloseAccountCommand(ACCOUNT, "player left", ACTOR))
        .expectSuccessfulHandlerExecution()
        .expectEvents(new AccountClosedEvent(ACCOUNT, "player left", ACTOR));
  }

  @Test
  void closingASourceThatIssuedMoneyIsRefused() {
    fixture
        .given(
            opened(AccountKind.SYSTEM_SOURCE),
            debited(100, -100),
            new OutgoingTransferSettledEvent(ACCOUNT, TRANSFER, 100))
        .when(new CloseAccountCommand(ACCOUNT, "retired", ACTOR))
        .expectException(refusedWith(LedgerErrorCode.ACCOUNT_NOT_EMPTY))
        .expectNoEvents();
  }

  // --- debits ---

  @Test
  void debitWithinTheBalanceLowersIt() {
    fixture
        .given(opened(AccountKind.WALLET), credited(100, 100))
        .when(debit(60))
        .expectSuccessfulHandlerExecution()
        .expectEvents(debited(60, 40));
  }

  @Test
  void debitOfTheWholeBalanceLeavesZero() {
    fixture
        .given(opened(AccountKind.BANK), credited(100, 100))
        .when(debit(100))
        .expectSuccessfulHandlerExecution()
        .expectEvents(debited(100, 0));
  }

  @ParameterizedTest
  @EnumSource(
      value = AccountKind.class,
      names = {"WALLET", "BANK", "SYSTEM_SINK"})
  void debitIsRefusedWhenTheBalanceIsTooLow(AccountKind kind) {
    fixture
        .given(opened(kind), credited(100, 100))
        .when(debit(101))
        .expectException(refusedWith(LedgerErrorCode.INSUFFICIENT_FUNDS))
        .expectNoEvents();
  }

  @Test
  void debitIsRefusedWhenOutgoingMoneyInFlightAlreadyTookTheBalance() {
    fixture
        .given(opened(AccountKind.WALLET), credited(100, 100), debited(80, 20))
        .when(debit(21))
        .expectException(refusedWith(LedgerErrorCode.INSUFFICIENT_FUNDS))
        .expectNoEvents();
  }

  @Test
  void sourceMayGoNegativeWhenDebited() {
    fixture
        .given(opened(AccountKind.SYSTEM_SOURCE))
        .when(debit(500))
        .expectSuccessfulHandlerExecution()
        .expectEvents(debited(500, -500));
  }

  @Test
  void debitOfZeroIsRefusedAsInvalid() {
    fixture
        .given(opened(AccountKind.WALLET), credited(100, 100))
        .when(debit(0))
        .expectException(refusedWith(LedgerErrorCode.VALIDATION_FAILED))
        .expectNoEvents();
  }

  @Test
  void debitOfANegativeAmountIsRefusedAsInvalid() {
    fixture
        .given(opened(AccountKind.SYSTEM_SOURCE))
        .when(debit(-1))
        .expectException(refusedWith(LedgerErrorCode.VALIDATION_FAILED))
        .expectNoEvents();
  }

  @Test
  void debitOfAFrozenAccountIsRefusedAsFrozen() {
    fixture
        .given(opened(AccountKind.WALLET), credited(100, 100), frozen())
        .when(debit(10))
        .expectException(refusedWith(LedgerErrorCode.ACCOUNT_FROZEN))
        .expectNoEvents();
  }

  @Test
  void debitOfAClosedAccountIsRefusedAsClosed() {
    fixture
        .given(opened(AccountKind.SYSTEM_SOURCE), closed())
        .when(debit(10))
        .expectException(refusedWith(LedgerErrorCode.ACCOUNT_CLOSED))
        .expectNoEvents();
  }

  @Test
  void debitOfAnAccountThatDoesNotExistIsRefusedAsNotFound() {
    fixture
        .givenNoPriorActivity()
        .when(debit(10))
        .expectException(refusedWith(LedgerErrorCode.NOT_FOUND))
        .expectNoEvents();
  }

  @Test
  void debitThatWouldTakeASourceBelowTheSmallestLongIsRefusedAsOverflow() {
    fixture
        .given(opened(AccountKind.SYSTEM_SOURCE), debited(5, Long.MIN_VALUE + 10))
        .when(debit(100))
        .expectException(refusedWith(LedgerErrorCode.AMOUNT_OVERFLOW))
        .expectNoEvents();
  }

  @Test
  void debitThatWouldOverflowTheMoneyInFlightIsRefusedAsOverflow() {
    long huge = Long.MAX_VALUE - 5;
    fixture
        .given(opened(AccountKind.SYSTEM_SOURCE), debited(huge, -huge), credited(huge, 0))
        .when(debit(100))
        .expectException(refusedWith(LedgerErrorCode.AMOUNT_OVERFLOW))
        .expectNoEvents();
  }

  // --- the totals the money supply read model keeps (BIGINT) ---

  @Test
  void aSourceRefusesADebitThatWouldTakeItsTotalOutPastTheLargestLong() {
    long max = Long.MAX_VALUE;
    fixture
        .given(
            opened(AccountKind.SYSTEM_SOURCE),
            debited(max, -max),
            new OutgoingTransferSettledEvent(ACCOUNT, TRANSFER, max),
            credited(max, 0))
        // The balance (0) and the money in flight (none) would allow it; the total out would not.
        .when(debit(1))
        .expectException(refusedWith(LedgerErrorCode.AMOUNT_OVERFLOW))
        .expectNoEvents();
  }

  @Test
  void aSinkRefusesACreditThatWouldTakeItsTotalInPastTheLargestLong() {
    long max = Long.MAX_VALUE;
    fixture
        .given(
            opened(AccountKind.SYSTEM_SINK),
            credited(max, max),
            debited(max, 0),
            new OutgoingTransferSettledEvent(ACCOUNT, TRANSFER, max))
        .when(credit(1))
        .expectException(refusedWith(LedgerErrorCode.AMOUNT_OVERFLOW))
        .expectNoEvents();
  }

  @Test
  void aSourceKeepsRoomInItsTotalInForTheRefundOfADebit() {
    fixture
        .given(
            opened(AccountKind.SYSTEM_SOURCE), credited(Long.MAX_VALUE - 10, Long.MAX_VALUE - 10))
        .when(debit(11))
        .expectException(refusedWith(LedgerErrorCode.AMOUNT_OVERFLOW))
        .expectNoEvents();
  }

  @Test
  void aSourceMayTakeItsTotalOutToExactlyTheLargestLong() {
    long max = Long.MAX_VALUE;
    fixture
        .given(
            opened(AccountKind.SYSTEM_SOURCE),
            debited(max - 1, -(max - 1)),
            new OutgoingTransferSettledEvent(ACCOUNT, TRANSFER, max - 1),
            credited(max - 1, 0))
        .when(debit(1))
        .expectSuccessfulHandlerExecution()
        .expectEvents(debited(1, -1));
  }

  @Test
  void aWalletCountsNoTotals() {
    long max = Long.MAX_VALUE;
    fixture
        .given(
            opened(AccountKind.WALLET),
            credited(max, max),
            debited(max, 0),
            new OutgoingTransferSettledEvent(ACCOUNT, TRANSFER, max))
        .when(credit(1))
        .expectSuccessfulHandlerExecution()
        .expectEvents(credited(1, 1));
  }

  // --- credits ---

  @Test
  void creditRaisesTheBalance() {
    fixture
        .given(opened(AccountKind.WALLET), credited(100, 100))
        .when(credit(50))
        .expectSuccessfulHandlerExecution()
        .expectEvents(credited(50, 150));
  }

  @Test
  void creditOfAFrozenAccountIsRefusedAsFrozen() {
    fixture
        .given(opened(AccountKind.WALLET), frozen())
        .when(credit(50))
        .expectException(refusedWith(LedgerErrorCode.ACCOUNT_FROZEN))
        .expectNoEvents();
  }

  @Test
  void creditOfAClosedAccountIsRefusedAsClosed() {
    fixture
        .given(opened(AccountKind.WALLET), closed())
        .when(credit(50))
        .expectException(refusedWith(LedgerErrorCode.ACCOUNT_CLOSED))
        .expectNoEvents();
  }

  @Test
  void creditOfZeroIsRefusedAsInvalid() {
    fixture
        .given(opened(AccountKind.WALLET))
        .when(credit(0))
        .expectException(refusedWith(LedgerErrorCode.VALIDATION_FAILED))
        .expectNoEvents();
  }

  @Test
  void creditThatWouldOverflowTheBalanceIsRefusedAsOverflow() {
    fixture
        .given(opened(AccountKind.SYSTEM_SINK), credited(Long.MAX_VALUE - 10, Long.MAX_VALUE - 10))
        .when(credit(11))
        .expectException(refusedWith(LedgerErrorCode.AMOUNT_OVERFLOW))
        .expectNoEvents();
  }

  @Test
  void creditIsRefusedAsOverflowWhenMoneyInFlightCouldThenNotComeBack() {
    // 100 is in flight out of the account; if the credit were accepted, refunding that 100 later
    // would take the balance past Long.MAX_VALUE, and a refund may never be refused.
    fixture
        .given(opened(AccountKind.WALLET), credited(100, 100), debited(100, 0))
        .when(credit(Long.MAX_VALUE - 50))
        .expectException(refusedWith(LedgerErrorCode.AMOUNT_OVERFLOW))
        .expectNoEvents();
  }

  @Test
  void creditUpToTheRoomLeftForMoneyInFlightIsAccepted() {
    fixture
        .given(opened(AccountKind.WALLET), credited(100, 100), debited(100, 0))
        .when(credit(Long.MAX_VALUE - 100))
        .expectSuccessfulHandlerExecution()
        .expectEvents(credited(Long.MAX_VALUE - 100, Long.MAX_VALUE - 100));
  }

  // --- refunds and settlement of outgoing transfers ---

  @Test
  void refundReturnsMoneyInFlightToTheBalance() {
    fixture
        .given(opened(AccountKind.WALLET), credited(100, 100), debited(60, 40))
        .when(refund(60))
        .expectSuccessfulHandlerExecution()
        .expectEvents(refunded(60, 100));
  }

  @Test
  void refundStillLandsOnAFrozenAccount() {
    fixture
        .given(opened(AccountKind.WALLET), credited(100, 100), debited(60, 40), frozen())
        .when(refund(60))
        .expectSuccessfulHandlerExecution()
        .expectEvents(refunded(60, 100));
  }

  @Test
  void refundOfMoreThanIsInFlightIsRefusedAsInvalid() {
    fixture
        .given(opened(AccountKind.WALLET), credited(100, 100), debited(60, 40))
        .when(refund(61))
        .expectException(refusedWith(LedgerErrorCode.VALIDATION_FAILED))
        .expectNoEvents();
  }

  @Test
  void closingIsAllowedOnceMoneyInFlightCameBackAndWasSpent() {
    fixture
        .given(
            opened(AccountKind.WALLET),
            credited(100, 100),
            debited(100, 0),
            refunded(100, 100),
            debited(100, 0),
            new OutgoingTransferSettledEvent(ACCOUNT, TRANSFER, 100))
        .when(new CloseAccountCommand(ACCOUNT, "player left", ACTOR))
        .expectSuccessfulHandlerExecution()
        .expectEvents(new AccountClosedEvent(ACCOUNT, "player left", ACTOR));
  }

  @Test
  void settlingAnOutgoingTransferTakesItOutOfFlight() {
    fixture
        .given(opened(AccountKind.WALLET), credited(100, 100), debited(60, 40))
        .when(new SettleOutgoingCommand(ACCOUNT, TRANSFER, 60))
        .expectSuccessfulHandlerExecution()
        .expectEvents(new OutgoingTransferSettledEvent(ACCOUNT, TRANSFER, 60));
  }

  @Test
  void settlingAnOutgoingTransferStillWorksOnAFrozenAccount() {
    fixture
        .given(opened(AccountKind.WALLET), credited(100, 100), debited(60, 40), frozen())
        .when(new SettleOutgoingCommand(ACCOUNT, TRANSFER, 60))
        .expectSuccessfulHandlerExecution()
        .expectEvents(new OutgoingTransferSettledEvent(ACCOUNT, TRANSFER, 60));
  }

  @Test
  void settlingMoreThanIsInFlightIsRefusedAsInvalid() {
    fixture
        .given(
            opened(AccountKind.WALLET),
            credited(100, 100),
            debited(60, 40),
            new OutgoingTransferSettledEvent(ACCOUNT, TRANSFER, 60))
        .when(new SettleOutgoingCommand(ACCOUNT, TRANSFER, 60))
        .expectException(refusedWith(LedgerErrorCode.VALIDATION_FAILED))
        .expectNoEvents();
  }

  // --- helpers ---

  private static AccountOpenedEvent opened(AccountKind kind) {
    return new AccountOpenedEvent(ACCOUNT, OWNER, kind, ACTOR);
  }

  private static AccountFrozenEvent frozen() {
    return new AccountFrozenEvent(ACCOUNT, "fraud check", ACTOR);
  }

  private static AccountClosedEvent closed() {
    return new AccountClosedEvent(ACCOUNT, "player left", ACTOR);
  }

  private static AccountCreditedEvent credited(long amount, long balanceAfter) {
    return new AccountCreditedEvent(
        ACCOUNT, TRANSFER, KEY, OTHER, amount, balanceAfter, "salary", null, ACTOR);
  }

  private static AccountDebitedEvent debited(long amount, long balanceAfter) {
    return new AccountDebitedEvent(
        ACCOUNT, TRANSFER, KEY, OTHER, amount, balanceAfter, "purchase", "memo", ACTOR);
  }

  private static AccountRefundedEvent refunded(long amount, long balanceAfter) {
    return new AccountRefundedEvent(
        ACCOUNT,
        TRANSFER,
        KEY,
        OTHER,
        amount,
        balanceAfter,
        "purchase",
        "memo",
        ACTOR,
        "account_closed");
  }

  private static DebitAccountCommand debit(long amount) {
    return new DebitAccountCommand(
        ACCOUNT, TRANSFER, KEY, OTHER, amount, "purchase", "memo", ACTOR);
  }

  private static CreditAccountCommand credit(long amount) {
    return new CreditAccountCommand(ACCOUNT, TRANSFER, KEY, OTHER, amount, "salary", null, ACTOR);
  }

  private static RefundAccountCommand refund(long amount) {
    return new RefundAccountCommand(
        ACCOUNT, TRANSFER, KEY, OTHER, amount, "purchase", "memo", ACTOR, "account_closed");
  }
}
