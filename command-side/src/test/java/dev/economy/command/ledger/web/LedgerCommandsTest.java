package dev.economy.command.ledger.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.economy.command.ledger.LedgerFailure;
import dev.economy.messages.ledger.LedgerErrorCode;
import dev.economy.messages.ledger.SettleTransferCommand;
import dev.economy.messages.ledger.TransferMoneyCommand;
import dev.economy.messages.ledger.TransferOutcome;
import dev.economy.messages.ledger.TransferStatus;
import dev.economy.web.token.Caller;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * What LedgerCommands answers where the integration tests cannot go without breaking the shared
 * ledger: refusals that need amounts near 2^63, a command bus that does not answer, a settlement
 * that fails after the debit. The command gateway is a stand-in here; the real bus and PostgreSQL
 * are in the app's HTTP integration tests.
 */
class LedgerCommandsTest {

  private static final Caller CALLER = new Caller("game-server-1", Set.of());
  private static final TransferRequest REQUEST =
      new TransferRequest("key-1", "player:a:wallet", "player:b:wallet", 100L, "gift", null);

  private final CommandGateway gateway = mock(CommandGateway.class);
  private final RegisteredPlayers players = mock(RegisteredPlayers.class);
  private final LedgerCommands commands =
      new LedgerCommands(
          gateway,
          mock(EventStore.class),
          players,
          // Long enough that an answered command never times out on a loaded machine; the timeout
          // test waits it out.
          Duration.ofSeconds(2));

  @ParameterizedTest
  @EnumSource(LedgerErrorCode.class)
  void everyLedgerRefusalBecomesAProblemWithItsCodeAndStatus(LedgerErrorCode code) {
    when(gateway.send(any(TransferMoneyCommand.class)))
        .thenReturn(
            CompletableFuture.failedFuture(LedgerFailure.of(code, "refused: " + code.code())));

    CommandResult result = commands.transfer(CALLER, REQUEST).block(Duration.ofSeconds(5));

    assertThat(result.status().value()).isEqualTo(code.httpStatus());
    ProblemDetail problem = result.problem();
    assertThat(problem.getProperties()).containsEntry("code", code.code());
    assertThat(problem.getType().toString()).isEqualTo("urn:economy:problem:" + code.code());
    assertThat(problem.getDetail()).isEqualTo("refused: " + code.code());
    assertThat(result.outcome()).isNull();
  }

  @Test
  void aCommandThatGetsNoAnswerInTimeIsACommandTimeoutThatAsksForARetryWithTheSameKey() {
    when(gateway.send(any(TransferMoneyCommand.class))).thenReturn(new CompletableFuture<>());

    CommandResult result = commands.transfer(CALLER, REQUEST).block(Duration.ofSeconds(5));

    assertThat(result.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(result.problem().getProperties()).containsEntry("code", "command_timeout");
    assertThat(result.problem().getDetail()).contains("same idempotency key");
  }

  @Test
  void aTransferWhoseSettlementFailsIsStillCreatedAndAnswersPending() {
    TransferOutcome pending =
        new TransferOutcome(
            "t-1",
            "key-1",
            "player:a:wallet",
            "player:b:wallet",
            100,
            TransferStatus.PENDING,
            null,
            false);
    when(gateway.send(any(TransferMoneyCommand.class)))
        .thenReturn(CompletableFuture.completedFuture(pending));
    when(gateway.send(any(SettleTransferCommand.class)))
        .thenReturn(
            CompletableFuture.failedFuture(new IllegalStateException("database went away")));

    CommandResult result = commands.transfer(CALLER, REQUEST).block(Duration.ofSeconds(5));

    // The debit is committed: the money is in flight and the settlement processor completes it.
    assertThat(result.status()).isEqualTo(HttpStatus.CREATED);
    assertThat(result.outcome()).isEqualTo(pending);
  }

  @Test
  void aReplayedPendingTransferIsSettledAndStillAnsweredAsAReplay() {
    TransferOutcome pending =
        new TransferOutcome(
            "t-1",
            "key-1",
            "player:a:wallet",
            "player:b:wallet",
            100,
            TransferStatus.PENDING,
            null,
            true);
    TransferOutcome settled =
        new TransferOutcome(
            "t-1",
            "key-1",
            "player:a:wallet",
            "player:b:wallet",
            100,
            TransferStatus.COMPLETED,
            null,
            false);
    when(gateway.send(any(TransferMoneyCommand.class)))
        .thenReturn(CompletableFuture.completedFuture(pending));
    when(gateway.send(any(SettleTransferCommand.class)))
        .thenReturn(CompletableFuture.completedFuture(settled));

    CommandResult result = commands.transfer(CALLER, REQUEST).block(Duration.ofSeconds(5));

    assertThat(result.status()).isEqualTo(HttpStatus.OK);
    TransferOutcome outcome = (TransferOutcome) result.outcome();
    assertThat(outcome.status()).isEqualTo(TransferStatus.COMPLETED);
    assertThat(outcome.replayed()).isTrue();
  }

  @Test
  void anUnexpectedFailureIsAnInternalErrorThatShowsNoDetailsOfIt() {
    when(gateway.send(any(TransferMoneyCommand.class)))
        .thenReturn(
            CompletableFuture.failedFuture(new IllegalStateException("secret connection string")));

    CommandResult result = commands.transfer(CALLER, REQUEST).block(Duration.ofSeconds(5));

    assertThat(result.status()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
    assertThat(result.problem().getProperties()).containsEntry("code", "internal_error");
    assertThat(result.problem().getDetail()).doesNotContain("secret");
  }

  @Test
  void openingAccountsOfAPlayerNobodyRegisteredIsNotFoundAndSendsNothing() throws Exception {
    when(players.isRegistered("0123456789abcdef0123456789abcdef")).thenReturn(false);

    CommandResult result =
        commands
            .openAccounts(CALLER, "0123456789abcdef0123456789abcdef")
            .block(Duration.ofSeconds(5));

    assertThat(result.status()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(result.problem().getProperties()).containsEntry("code", "not_found");
    assertThat(result.problem().getDetail())
        .contains("0123456789abcdef0123456789abcdef", "not registered");
    verifyNoInteractions(gateway);
  }

  @Test
  void aMalformedPlayerIdIsRefusedBeforeThePlayersContextIsAsked() {
    CommandResult result = commands.openAccounts(CALLER, "a b").block(Duration.ofSeconds(5));

    assertThat(result.status()).isEqualTo(HttpStatus.BAD_REQUEST);
    verifyNoInteractions(players, gateway);
  }

  @Test
  void aPlayersContextThatDoesNotAnswerInTimeIsACommandTimeoutAndOpensNothing() throws Exception {
    when(players.isRegistered(any())).thenThrow(new TimeoutException());

    CommandResult result =
        commands
            .openAccounts(CALLER, "0123456789abcdef0123456789abcdef")
            .block(Duration.ofSeconds(5));

    assertThat(result.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(result.problem().getProperties()).containsEntry("code", "command_timeout");
    verifyNoInteractions(gateway);
  }
}
