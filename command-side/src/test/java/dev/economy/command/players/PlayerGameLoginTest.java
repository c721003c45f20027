package dev.economy.command.players;

import dev.economy.messages.players.ExternalIdentity;
import dev.economy.messages.players.IdentityErrorCode;
import dev.economy.messages.players.IdentityLinkedEvent;
import dev.economy.messages.players.IdentityUnlinkedEvent;
import dev.economy.messages.players.LinkIdentityCommand;
import dev.economy.messages.players.LogInPlayerByIdentityCommand;
import dev.economy.messages.players.PlayerLoggedInByIdentityEvent;
import dev.economy.messages.players.PlayerRegisteredEvent;
import java.time.Instant;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The game server's login by platform identity, as the Player aggregate decides it. */
class PlayerGameLoginTest {

  private static final String PLAYER = "0123456789abcdef0123456789abcdef";
  private static final ExternalIdentity LICENSE =
      new ExternalIdentity("fivem-license", "0123456789abcdef0123456789abcdef01234567");

  private AggregateTestFixture<Player> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Player.class);
  }

  @Test
  void aGameLoginByALinkedIdentityIsRecorded() {
    fixture
        .given(
            registered(),
            new IdentityLinkedEvent(
                PLAYER, LICENSE, LinkIdentityCommand.VIA_GAME_CODE, Instant.EPOCH))
        .when(new LogInPlayerByIdentityCommand(PLAYER, LICENSE, "game-eu1"))
        .expectSuccessfulHandlerExecution()
        .expectEvents(new PlayerLoggedInByIdentityEvent(PLAYER, LICENSE, "game-eu1", now()));
  }

  @Test
  void aGameLoginByAnUnlinkedIdentityIsRefused() {
    fixture
        .given(
            registered(),
            new IdentityLinkedEvent(
                PLAYER, LICENSE, LinkIdentityCommand.VIA_GAME_CODE, Instant.EPOCH),
            new IdentityUnlinkedEvent(PLAYER, LICENSE, Instant.EPOCH))
        .when(new LogInPlayerByIdentityCommand(PLAYER, LICENSE, "game-eu1"))
        .expectException(CommandExecutionException.class)
        .expectExceptionDetails(IdentityErrorCode.IDENTITY_NOT_LINKED)
        .expectNoEvents();
  }

  @Test
  void aGameLoginByAnIdentityNeverLinkedIsRefused() {
    fixture
        .given(registered())
        .when(new LogInPlayerByIdentityCommand(PLAYER, LICENSE, "game-eu1"))
        .expectExceptionDetails(IdentityErrorCode.IDENTITY_NOT_LINKED)
        .expectNoEvents();
  }

  private static PlayerRegisteredEvent registered() {
    return new PlayerRegisteredEvent(PLAYER, "alice", "alice@example.com", Instant.EPOCH);
  }

  private Instant now() {
    return fixture.currentTime();
  }
}
