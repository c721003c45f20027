package dev.economy.command.players;

import static org.assertj.core.api.Assertions.assertThat;

import dev.economy.messages.players.ExternalIdentity;
import dev.economy.messages.players.IdentityErrorCode;
import dev.economy.messages.players.IdentityLinkedEvent;
import dev.economy.messages.players.IdentityUnlinkedEvent;
import dev.economy.messages.players.LinkIdentityCommand;
import dev.economy.messages.players.LockOutPlayerCommand;
import dev.economy.messages.players.LogInPlayerCommand;
import dev.economy.messages.players.LoginOutcome;
import dev.economy.messages.players.PlayerLockedOutEvent;
import dev.economy.messages.players.PlayerLoggedInEvent;
import dev.economy.messages.players.PlayerLoginFailedEvent;
import dev.economy.messages.players.PlayerPasswordSetEvent;
import dev.economy.messages.players.PlayerRegisteredEvent;
import dev.economy.messages.players.PlayerRules;
import dev.economy.messages.players.RegisterPlayerCommand;
import dev.economy.messages.players.UnlinkIdentityCommand;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One rule of the Player aggregate per test, named after the outcome. */
class PlayerTest {

  private static final String PLAYER = "0123456789abcdef0123456789abcdef";
  private static final String HASH = new PasswordHasher(19456, 2).hash("correct horse battery");
  private static final ExternalIdentity DISCORD = ExternalIdentity.discord("80351110224678912");
  private static final ExternalIdentity STEAM = ExternalIdentity.steam("76561197960287930");

  private AggregateTestFixture<Player> fixture;

  /** The real hasher, with the production parameters. */
  private static final PasswordHasher HASHER = new PasswordHasher(19456, 2);

  private static final String ADDRESS = "203.0.113.7";

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Player.class);
    fixture.registerInjectableResource(HASHER);
  }

  // --- registration ---

  @Test
  void registeringRecordsThePlayerAndTheirPasswordHash() {
    fixture
        .givenNoPriorActivity()
        .when(new RegisterPlayerCommand(PLAYER, "Alice_01", "alice@example.com", HASH))
        .expectSuccessfulHandlerExecution()
        .expectEvents(
            new PlayerRegisteredEvent(PLAYER, "Alice_01", "alice@example.com", now()),
            new PlayerPasswordSetEvent(PLAYER, HASH));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ab",
        "a23456789012345678901234567890123",
        "_alice",
        "al ice",
        "alice!",
        "алиса",
        ""
      })
  void registeringWithAMalformedUsernameIsRefusedAsInvalid(String username) {
    fixture
        .givenNoPriorActivity()
        .when(new RegisterPlayerCommand(PLAYER, username, "alice@example.com", HASH))
        .expectException(refusedWith(IdentityErrorCode.VALIDATION_FAILED))
        .expectNoEvents();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "alice",
        "alice@",
        "@example.com",
        "alice@example",
        "al ice@example.com",
        "alice@@example.com",
        "alice@-example.com",
        "alice@example..com"
      })
  void registeringWithAMalformedEmailIsRefusedAsInvalid(String email) {
    fixture
        .givenNoPriorActivity()
        .when(new RegisterPlayerCommand(PLAYER, "alice", email, HASH))
        .expectException(refusedWith(IdentityErrorCode.VALIDATION_FAILED))
        .expectNoEvents();
  }

  @Test
  void registeringWithAnEmailThatIsNotNormalisedIsRefusedAsInvalid() {
    // Uniqueness compares normalised addresses: a second spelling would slip past the lookup table.
    fixture
        .givenNoPriorActivity()
        .when(new RegisterPlayerCommand(PLAYER, "alice", "Alice@Example.com", HASH))
        .expectException(refusedWith(IdentityErrorCode.VALIDATION_FAILED))
        .expectNoEvents();
  }

  @Test
  void registeringWithAnOverlongEmailIsRefusedAsInvalid() {
    String email =
        "a".repeat(64)
            + "@"
            + "b".repeat(60)
            + "."
            + "c".repeat(60)
            + "."
            + "d".repeat(60)
            + ".example.com";
    assertThat(email.length()).isGreaterThan(PlayerRules.EMAIL_LENGTH_MAX);
    fixture
        .givenNoPriorActivity()
        .when(new RegisterPlayerCommand(PLAYER, "alice", email, HASH))
        .expectException(refusedWith(IdentityErrorCode.VALIDATION_FAILED))
        .expectNoEvents();
  }

  @ParameterizedTest
  @ValueSource(strings = {"correct horse battery", "$2a$10$abcdefghijklmnopqrstuv", ""})
  void registeringWithAPlaintextPasswordInsteadOfAHashIsRefused(String notAHash) {
    fixture
        .givenNoPriorActivity()
        .when(new RegisterPlayerCommand(PLAYER, "alice", "alice@example.com", notAHash))
        .expectException(refusedWith(IdentityErrorCode.VALIDATION_FAILED))
        .expectNoEvents();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "alice",
        "0123456789ABCDEF0123456789ABCDEF",
        "3f1c2a9e-0000-3000-8000-000000000001"
      })
  void registeringUnderAnIdThatIsNoServerChosenPlayerIdIsRefused(String playerId) {
    fixture
        .givenNoPriorActivity()
        .when(new RegisterPlayerCommand(playerId, "alice", "alice@example.com", HASH))
        .expectException(refusedWith(IdentityErrorCode.VALIDATION_FAILED))
        .expectNoEvents();
  }

  @Test
  void noRegistrationCommandOrEventPrintsThePasswordHash() {
    assertThat(new RegisterPlayerCommand(PLAYER, "alice", "alice@example.com", HASH).toString())
        .doesNotContain(HASH);
    assertThat(new PlayerPasswordSetEvent(PLAYER, HASH).toString()).doesNotContain(HASH);
  }

  // --- login ---

  @Test
  void loggingInWithTheRightPasswordSucceedsAndIsRecorded() {
    fixture
        .given(registered())
        .when(new LogInPlayerCommand(PLAYER, "correct horse battery", ADDRESS))
        .expectResultMessagePayload(LoginOutcome.SUCCEEDED)
        .expectEvents(new PlayerLoggedInEvent(PLAYER, ADDRESS, now()));
  }

  @Test
  void loggingInWithAWrongPasswordFailsAndTheFailureIsRecorded() {
    fixture
        .given(registered())
        .when(new LogInPlayerCommand(PLAYER, "correct horse battery!", ADDRESS))
        .expectResultMessagePayload(LoginOutcome.FAILED)
        .expectEvents(new PlayerLoginFailedEvent(PLAYER, ADDRESS, now()));
  }

  @Test
  void loggingInWithAnOverlongPasswordFailsWithoutHashingIt() {
    fixture
        .given(registered())
        .when(
            new LogInPlayerCommand(
                PLAYER, "x".repeat(PlayerRules.PASSWORD_LENGTH_MAX + 1), ADDRESS))
        .expectResultMessagePayload(LoginOutcome.FAILED)
        .expectEvents(new PlayerLoginFailedEvent(PLAYER, ADDRESS, now()));
  }

  @Test
  void loggingInWhileLockedOutIsRefusedEvenWithTheRightPassword() {
    fixture
        .given(registered())
        .andGivenCommands(
            new LockOutPlayerCommand(PLAYER, 5, fixture.currentTime().plusSeconds(60)))
        .when(new LogInPlayerCommand(PLAYER, "correct horse battery", ADDRESS))
        .expectResultMessagePayload(LoginOutcome.LOCKED_OUT)
        .expectNoEvents();
  }

  @Test
  void loggingInAfterTheLockoutEndedSucceeds() {
    Instant until = fixture.currentTime().minusSeconds(1);
    fixture
        .given(registered(new PlayerLockedOutEvent(PLAYER, 5, until, until.minusSeconds(900))))
        .when(new LogInPlayerCommand(PLAYER, "correct horse battery", ADDRESS))
        .expectResultMessagePayload(LoginOutcome.SUCCEEDED);
  }

  @Test
  void lockingOutRecordsUntilWhen() {
    Instant until = fixture.currentTime().plusSeconds(900);
    fixture
        .given(registered())
        .when(new LockOutPlayerCommand(PLAYER, 5, until))
        .expectEvents(new PlayerLockedOutEvent(PLAYER, 5, until, now()));
  }

  @Test
  void lockingOutForNoLongerThanTheCurrentLockoutChangesNothing() {
    Instant until = fixture.currentTime().plusSeconds(900);
    fixture
        .given(registered(new PlayerLockedOutEvent(PLAYER, 5, until, Instant.EPOCH)))
        .when(new LockOutPlayerCommand(PLAYER, 5, until.minusSeconds(1)))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void lockingOutIntoThePastIsRefusedAsInvalid() {
    fixture
        .given(registered())
        .when(new LockOutPlayerCommand(PLAYER, 5, fixture.currentTime().minusSeconds(1)))
        .expectException(refusedWith(IdentityErrorCode.VALIDATION_FAILED))
        .expectNoEvents();
  }

  @Test
  void noLoginCommandPrintsThePassword() {
    assertThat(new LogInPlayerCommand(PLAYER, "correct horse battery", ADDRESS).toString())
        .doesNotContain("correct horse battery");
  }

  // --- identities ---

  @Test
  void linkingANewIdentityRecordsHowItWasProven() {
    fixture
        .given(registered())
        .when(new LinkIdentityCommand(PLAYER, DISCORD, LinkIdentityCommand.VIA_DISCORD_OAUTH))
        .expectSuccessfulHandlerExecution()
        .expectEvents(
            new IdentityLinkedEvent(PLAYER, DISCORD, LinkIdentityCommand.VIA_DISCORD_OAUTH, now()));
  }

  @Test
  void linkingAnIdentityTheSamePlayerHasLinkedChangesNothing() {
    fixture
        .given(registered(linked(DISCORD)))
        .when(new LinkIdentityCommand(PLAYER, DISCORD, LinkIdentityCommand.VIA_GAME_CODE))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void linkingASecondProviderKeepsTheFirst() {
    fixture
        .given(registered(linked(DISCORD)))
        .when(new LinkIdentityCommand(PLAYER, STEAM, LinkIdentityCommand.VIA_STEAM_OPENID))
        .expectEvents(
            new IdentityLinkedEvent(PLAYER, STEAM, LinkIdentityCommand.VIA_STEAM_OPENID, now()))
        .expectState(
            player ->
                assertThat(player)
                    .extracting("identities")
                    .asString()
                    .contains("80351110224678912"));
  }

  @Test
  void linkingAnIdentityAgainAfterUnlinkingItRecordsItAgain() {
    fixture
        .given(
            registered(linked(DISCORD), new IdentityUnlinkedEvent(PLAYER, DISCORD, Instant.EPOCH)))
        .when(new LinkIdentityCommand(PLAYER, DISCORD, LinkIdentityCommand.VIA_DISCORD_OAUTH))
        .expectEvents(
            new IdentityLinkedEvent(PLAYER, DISCORD, LinkIdentityCommand.VIA_DISCORD_OAUTH, now()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "discord:8035111",
        "discord:abc12345678901234",
        "steam:7656119796028793",
        "fivem-license:ABCDEF0123456789abcdef0123456789abcdef01",
        "fivem-license:0123",
        "altv-social:12a",
        "twitch:12345678901234567",
        "steam:"
      })
  void linkingAMalformedIdentityIsRefusedAsInvalid(String providerAndSubject) {
    int colon = providerAndSubject.indexOf(':');
    ExternalIdentity identity =
        new ExternalIdentity(
            providerAndSubject.substring(0, colon), providerAndSubject.substring(colon + 1));
    fixture
        .given(registered())
        .when(new LinkIdentityCommand(PLAYER, identity, LinkIdentityCommand.VIA_GAME_CODE))
        .expectException(refusedWith(IdentityErrorCode.VALIDATION_FAILED))
        .expectNoEvents();
  }

  @Test
  void linkingWithoutSayingHowItWasProvenIsRefusedAsInvalid() {
    fixture
        .given(registered())
        .when(new LinkIdentityCommand(PLAYER, DISCORD, "Discord OAuth!"))
        .expectException(refusedWith(IdentityErrorCode.VALIDATION_FAILED))
        .expectNoEvents();
  }

  @Test
  void linkingMoreIdentitiesThanTheLimitIsRefused() {
    List<Object> given = registered();
    for (int i = 0; i < PlayerRules.IDENTITIES_MAX; i++) {
      given.add(
          linked(new ExternalIdentity(ExternalIdentity.ALTV_SOCIAL, Integer.toString(1000 + i))));
    }
    fixture
        .given(given)
        .when(new LinkIdentityCommand(PLAYER, DISCORD, LinkIdentityCommand.VIA_DISCORD_OAUTH))
        .expectException(refusedWith(IdentityErrorCode.TOO_MANY_IDENTITIES))
        .expectNoEvents();
  }

  @Test
  void linkingToAPlayerWhoDoesNotExistIsRefusedAsNotFound() {
    fixture
        .givenNoPriorActivity()
        .when(new LinkIdentityCommand(PLAYER, DISCORD, LinkIdentityCommand.VIA_DISCORD_OAUTH))
        .expectException(refusedWith(IdentityErrorCode.NOT_FOUND))
        .expectNoEvents();
  }

  @Test
  void unlinkingALinkedIdentityRecordsIt() {
    fixture
        .given(registered(linked(DISCORD)))
        .when(new UnlinkIdentityCommand(PLAYER, DISCORD))
        .expectEvents(new IdentityUnlinkedEvent(PLAYER, DISCORD, now()));
  }

  @Test
  void unlinkingAnIdentityThatIsNotLinkedChangesNothing() {
    fixture
        .given(registered(linked(DISCORD)))
        .when(new UnlinkIdentityCommand(PLAYER, STEAM))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  private Instant now() {
    return fixture.currentTime();
  }

  private static PlayerRegisteredEvent registeredEvent() {
    return new PlayerRegisteredEvent(PLAYER, "alice", "alice@example.com", Instant.EPOCH);
  }

  /** A registered player's history, then the given events. */
  private static List<Object> registered(Object... then) {
    List<Object> events =
        new ArrayList<>(List.of(registeredEvent(), new PlayerPasswordSetEvent(PLAYER, HASH)));
    events.addAll(List.of(then));
    return events;
  }

  private static IdentityLinkedEvent linked(ExternalIdentity identity) {
    return new IdentityLinkedEvent(
        PLAYER, identity, LinkIdentityCommand.VIA_GAME_CODE, Instant.EPOCH);
  }

  static Matcher<Throwable> refusedWith(IdentityErrorCode code) {
    return new TypeSafeMatcher<>() {
      @Override
      protected boolean matchesSafely(Throwable failure) {
        return IdentityFailure.codeOf(failure).equals(Optional.of(code));
      }

      @Override
      public void describeTo(Description description) {
        description.appendText("a refusal with code " + code.code());
      }

      @Override
      protected void describeMismatchSafely(Throwable failure, Description description) {
        description.appendText("was " + failure + " with code " + IdentityFailure.codeOf(failure));
      }
    };
  }
}
