package dev.economy.app.players;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.economy.app.IntegrationTest;
import dev.economy.command.players.IdentityFailure;
import dev.economy.command.players.PlayerDirectory;
import dev.economy.messages.ledger.LedgerRules;
import dev.economy.messages.players.ExternalIdentity;
import dev.economy.messages.players.IdentityErrorCode;
import dev.economy.messages.players.LinkIdentityCommand;
import dev.economy.messages.players.LogInPlayerCommand;
import dev.economy.messages.players.LoginOutcome;
import dev.economy.messages.players.PlayerRules;
import dev.economy.messages.players.RegisterPlayerCommand;
import dev.economy.messages.players.UnlinkIdentityCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * The set-based rules of players through the real command bus on PostgreSQL: usernames, e-mails and
 * external identities each belong to one player, also when registrations race; registering opens
 * the player's wallet and bank, also across a crash in between.
 */
class PlayerLookupIT extends IntegrationTest {

  private static final int RACERS = 12;
  private static final String PASSWORD = "a password of some length";
  private static final String HASH =
      Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8().encode(PASSWORD);

  @Autowired CommandGateway gateway;
  @Autowired PlayerDirectory directory;
  @Autowired JdbcTemplate jdbc;
  @Autowired EventStore eventStore;
  @Autowired EventProcessingConfiguration processing;

  @Value("${economy.ledger.snapshot-threshold}")
  int snapshotThreshold;

  private final String run = Long.toString(System.nanoTime(), 36);
  private final ExecutorService pool = Executors.newFixedThreadPool(RACERS);

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
  }

  @Test
  void ofManyRegistrationsRacingForOneUsernameExactlyOneWins() throws Exception {
    String username = "Racer" + run;
    List<RegisterPlayerCommand> commands = new ArrayList<>();
    for (int i = 0; i < RACERS; i++) {
      // Different spellings of the one name: uniqueness ignores case.
      String spelling = i % 2 == 0 ? username.toLowerCase() : username.toUpperCase();
      commands.add(
          new RegisterPlayerCommand(
              PlayerRules.newPlayerId(),
              spelling,
              "racer-" + run + "-" + i + "@example.com",
              HASH));
    }
    List<Optional<IdentityErrorCode>> outcomes = race(commands);

    assertThat(outcomes.stream().filter(Optional::isEmpty).count()).as("winners").isEqualTo(1);
    assertThat(outcomes)
        .filteredOn(Optional::isPresent)
        .extracting(Optional::get)
        .containsOnly(IdentityErrorCode.USERNAME_TAKEN)
        .hasSize(RACERS - 1);
    String winner = commands.get(outcomes.indexOf(Optional.empty())).playerId();
    assertThat(directory.findPlayerByUsername(username)).contains(winner);
    assertOnlyTheWinnerHasEvents(commands, winner);
  }

  @Test
  void ofManyRegistrationsRacingForOneEmailExactlyOneWins() throws Exception {
    String email = "shared-" + run + "@example.com";
    List<RegisterPlayerCommand> commands = new ArrayList<>();
    for (int i = 0; i < RACERS; i++) {
      commands.add(
          new RegisterPlayerCommand(PlayerRules.newPlayerId(), "mailer" + run + i, email, HASH));
    }
    List<Optional<IdentityErrorCode>> outcomes = race(commands);

    assertThat(outcomes.stream().filter(Optional::isEmpty).count()).as("winners").isEqualTo(1);
    assertThat(outcomes)
        .filteredOn(Optional::isPresent)
        .extracting(Optional::get)
        .containsOnly(IdentityErrorCode.EMAIL_TAKEN)
        .hasSize(RACERS - 1);
    String winner = commands.get(outcomes.indexOf(Optional.empty())).playerId();
    assertThat(directory.findPlayerByEmail(email.toUpperCase())).contains(winner);
    // The losers claimed their usernames in the transaction that rolled back: the names are free.
    for (RegisterPlayerCommand loser : commands) {
      if (!loser.playerId().equals(winner)) {
        assertThat(directory.findPlayerByUsername(loser.username())).isEmpty();
      }
    }
    assertOnlyTheWinnerHasEvents(commands, winner);
  }

  @Test
  void registeringATakenUsernameInAnotherCaseIsRefused() {
    String first = register("Taken" + run);
    assertThat(
            refusal(
                () ->
                    gateway.sendAndWait(
                        new RegisterPlayerCommand(
                            PlayerRules.newPlayerId(),
                            "TAKEN" + run,
                            "other-" + run + "@example.com",
                            HASH))))
        .contains(IdentityErrorCode.USERNAME_TAKEN);
    assertThat(directory.findPlayerByLogin("taken" + run)).contains(first);
  }

  @Test
  void anIdentityLinkedToOnePlayerIsRefusedToAnother() {
    String alice = register("alice" + run);
    String bob = register("bob" + run);
    ExternalIdentity discord = ExternalIdentity.discord(snowflake());
    gateway.sendAndWait(
        new LinkIdentityCommand(alice, discord, LinkIdentityCommand.VIA_DISCORD_OAUTH));

    assertThat(
            refusal(
                () ->
                    gateway.sendAndWait(
                        new LinkIdentityCommand(bob, discord, LinkIdentityCommand.VIA_GAME_CODE))))
        .contains(IdentityErrorCode.IDENTITY_ALREADY_LINKED);
    // Linking it again to its own player is a no-op, not a refusal.
    gateway.sendAndWait(new LinkIdentityCommand(alice, discord, LinkIdentityCommand.VIA_GAME_CODE));

    assertThat(directory.findPlayerByIdentity(discord)).contains(alice);
    assertThat(directory.identitiesOf(bob)).isEmpty();
    assertThat(eventTypes(bob)).noneMatch(type -> type.endsWith("IdentityLinkedEvent"));
  }

  @Test
  void ofTwoPlayersRacingToLinkOneIdentityExactlyOneWins() throws Exception {
    ExternalIdentity steam =
        new ExternalIdentity(
            ExternalIdentity.STEAM,
            "7656119" + String.format("%010d", System.nanoTime() % 10_000_000_000L));
    List<String> players = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      players.add(register("linker" + run + i));
    }
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Optional<IdentityErrorCode>>> futures = new ArrayList<>();
    for (String player : players) {
      futures.add(
          pool.submit(
              () -> {
                start.await();
                return refusal(
                    () ->
                        gateway.sendAndWait(
                            new LinkIdentityCommand(
                                player, steam, LinkIdentityCommand.VIA_STEAM_OPENID)));
              }));
    }
    start.countDown();
    List<Optional<IdentityErrorCode>> outcomes = new ArrayList<>();
    for (Future<Optional<IdentityErrorCode>> future : futures) {
      outcomes.add(future.get(60, TimeUnit.SECONDS));
    }
    assertThat(outcomes.stream().filter(Optional::isEmpty).count()).isEqualTo(1);
    String winner = players.get(outcomes.indexOf(Optional.empty()));
    assertThat(directory.findPlayerByIdentity(steam)).contains(winner);
  }

  @Test
  void anUnlinkedIdentityCanBeLinkedToAnotherPlayer() {
    String alice = register("carol" + run);
    String bob = register("dave" + run);
    ExternalIdentity license =
        new ExternalIdentity(
            ExternalIdentity.FIVEM_LICENSE, String.format("%040x", System.nanoTime()));
    gateway.sendAndWait(new LinkIdentityCommand(alice, license, LinkIdentityCommand.VIA_GAME_CODE));
    gateway.sendAndWait(new UnlinkIdentityCommand(alice, license));
    assertThat(directory.findPlayerByIdentity(license)).isEmpty();

    gateway.sendAndWait(new LinkIdentityCommand(bob, license, LinkIdentityCommand.VIA_GAME_CODE));
    assertThat(directory.findPlayerByIdentity(license)).contains(bob);
  }

  @Test
  void linkingToAnIdOfAnotherAggregateIsRefusedAsInvalid() {
    assertThat(
            refusal(
                () ->
                    gateway.sendAndWait(
                        new LinkIdentityCommand(
                            "system:payroll",
                            ExternalIdentity.discord(snowflake()),
                            LinkIdentityCommand.VIA_GAME_CODE))))
        .contains(IdentityErrorCode.VALIDATION_FAILED);
    assertThat(
            refusal(
                () ->
                    gateway.sendAndWait(
                        new LinkIdentityCommand(
                            PlayerRules.newPlayerId(),
                            ExternalIdentity.discord(snowflake()),
                            LinkIdentityCommand.VIA_GAME_CODE))))
        .contains(IdentityErrorCode.NOT_FOUND);
  }

  @Test
  void registeringOpensThePlayersWalletAndBank() {
    String player = register("opener" + run);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(eventStore.lastSequenceNumberFor(LedgerRules.walletAccountId(player)))
                  .isPresent();
              assertThat(eventStore.lastSequenceNumberFor(LedgerRules.bankAccountId(player)))
                  .isPresent();
            });
  }

  @Test
  void accountsOfARegistrationCommittedWhileTheOpenerWasDownAreOpenedWhenItComesBack() {
    // As if the process died right after the registration committed: nothing opens the accounts
    // until the processor runs again, and then it finds the registration in the event store.
    StreamingEventProcessor opener =
        processing.eventProcessor("player-accounts", StreamingEventProcessor.class).orElseThrow();
    opener.shutdownAsync().join();
    String player;
    try {
      player = register("crash" + run);
      assertThat(eventStore.lastSequenceNumberFor(LedgerRules.walletAccountId(player))).isEmpty();
    } finally {
      opener.start();
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(eventStore.lastSequenceNumberFor(LedgerRules.walletAccountId(player)))
                  .isPresent();
              assertThat(eventStore.lastSequenceNumberFor(LedgerRules.bankAccountId(player)))
                  .isPresent();
            });
  }

  @Test
  void aPlayerWithALongHistoryIsSnapshottedAndKeepsEveryRuleAfterIt() {
    String player = register("veteran" + run);
    ExternalIdentity kept = ExternalIdentity.discord(snowflake());
    gateway.sendAndWait(
        new LinkIdentityCommand(player, kept, LinkIdentityCommand.VIA_DISCORD_OAUTH));
    ExternalIdentity flapping =
        new ExternalIdentity(ExternalIdentity.ALTV_SOCIAL, Long.toString(System.nanoTime()));
    for (int i = 0; i < snapshotThreshold / 2 + 1; i++) {
      gateway.sendAndWait(
          new LinkIdentityCommand(player, flapping, LinkIdentityCommand.VIA_GAME_CODE));
      gateway.sendAndWait(new UnlinkIdentityCommand(player, flapping));
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                jdbc.queryForObject(
                        "select count(*) from snapshotevententry where aggregateidentifier = ?",
                        Long.class,
                        player)
                    > 0);

    // Loaded from the snapshot: the identity is still linked (a second link is a no-op), the other
    // still unlinked (linking it again is recorded), and the password hash still checks logins.
    long events = eventTypes(player).size();
    gateway.sendAndWait(new LinkIdentityCommand(player, kept, LinkIdentityCommand.VIA_GAME_CODE));
    assertThat(eventTypes(player)).hasSize((int) events);
    gateway.sendAndWait(
        new LinkIdentityCommand(player, flapping, LinkIdentityCommand.VIA_GAME_CODE));
    assertThat(eventTypes(player)).hasSize((int) events + 1);
    assertThat(
            gateway.<LoginOutcome>sendAndWait(
                new LogInPlayerCommand(player, PASSWORD, "198.51.100.1")))
        .isEqualTo(LoginOutcome.SUCCEEDED);
    assertThat(
            gateway.<LoginOutcome>sendAndWait(
                new LogInPlayerCommand(player, PASSWORD + "?", "198.51.100.1")))
        .isEqualTo(LoginOutcome.FAILED);
  }

  private String register(String username) {
    String playerId = PlayerRules.newPlayerId();
    gateway.sendAndWait(
        new RegisterPlayerCommand(
            playerId, username, username.toLowerCase() + "@example.com", HASH));
    return playerId;
  }

  private List<Optional<IdentityErrorCode>> race(List<RegisterPlayerCommand> commands)
      throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Optional<IdentityErrorCode>>> futures = new ArrayList<>();
    for (RegisterPlayerCommand command : commands) {
      futures.add(
          pool.submit(
              () -> {
                start.await();
                return refusal(() -> gateway.sendAndWait(command));
              }));
    }
    start.countDown();
    List<Optional<IdentityErrorCode>> outcomes = new ArrayList<>();
    for (Future<Optional<IdentityErrorCode>> future : futures) {
      outcomes.add(future.get(60, TimeUnit.SECONDS));
    }
    return outcomes;
  }

  /**
   * Empty when the command succeeded, else the refusal's code; any other failure fails the test.
   */
  private static Optional<IdentityErrorCode> refusal(Runnable send) {
    try {
      send.run();
      return Optional.empty();
    } catch (RuntimeException failure) {
      Optional<IdentityErrorCode> code = IdentityFailure.codeOf(failure);
      assertThat(code).as("refusal code of %s", failure).isPresent();
      return code;
    }
  }

  private void assertOnlyTheWinnerHasEvents(List<RegisterPlayerCommand> commands, String winner) {
    for (RegisterPlayerCommand command : commands) {
      List<String> types = eventTypes(command.playerId());
      if (command.playerId().equals(winner)) {
        assertThat(types).anyMatch(type -> type.endsWith("PlayerRegisteredEvent"));
      } else {
        assertThat(types).as("events of a loser").isEmpty();
      }
    }
  }

  private List<String> eventTypes(String aggregateId) {
    return jdbc.queryForList(
        "select payloadtype from domainevententry where aggregateidentifier = ? order by sequencenumber",
        String.class,
        aggregateId);
  }

  private static String snowflake() {
    return Long.toString(100_000_000_000_000_000L + System.nanoTime() % 100_000_000_000_000_000L);
  }
}
