package dev.economy.command.players;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.economy.messages.players.ExternalIdentity;
import dev.economy.messages.players.IdentityErrorCode;
import dev.economy.messages.players.IdentityLinkedEvent;
import dev.economy.messages.players.IdentityUnlinkedEvent;
import dev.economy.messages.players.LinkIdentityCommand;
import dev.economy.messages.players.LockOutPlayerCommand;
import dev.economy.messages.players.LogInPlayerByIdentityCommand;
import dev.economy.messages.players.LogInPlayerCommand;
import dev.economy.messages.players.LoginOutcome;
import dev.economy.messages.players.PlayerLockedOutEvent;
import dev.economy.messages.players.PlayerLoggedInByIdentityEvent;
import dev.economy.messages.players.PlayerLoggedInEvent;
import dev.economy.messages.players.PlayerLoginFailedEvent;
import dev.economy.messages.players.PlayerPasswordSetEvent;
import dev.economy.messages.players.PlayerRegisteredEvent;
import dev.economy.messages.players.PlayerRules;
import dev.economy.messages.players.RegisterPlayerCommand;
import dev.economy.messages.players.UnlinkIdentityCommand;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A registered player: who they are, their password hash, the external identities they linked.
 *
 * <p>Uniqueness across players (usernames, e-mails, external identities) cannot be decided inside
 * one aggregate: the {@code player-lookup} processor claims each value in a table with a unique
 * key, in the same transaction as this aggregate's events, and refuses the second claimant (see
 * PlayerLookup). This aggregate keeps the rules of one player.
 *
 * <p>Every login is an event, so a player's stream grows for as long as they play: a snapshot every
 * {@code economy.ledger.snapshot-threshold} events keeps loading one a bounded amount of work. Its
 * state is small (the hash, a lockout time, at most {@link PlayerRules#IDENTITIES_MAX} identities).
 */
@Aggregate(snapshotTriggerDefinition = "playerSnapshotTrigger")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
class Player {

  @AggregateIdentifier private String playerId;
  private String passwordHash;

  /** No password login before this instant (null: never locked out). */
  private Instant lockedUntil;

  private final Set<ExternalIdentity> identities = new LinkedHashSet<>();

  protected Player() {
    // for Axon
  }

  @CommandHandler
  Player(RegisterPlayerCommand command) {
    require(
        command.playerId() != null && PlayerRules.PLAYER_ID.matcher(command.playerId()).matches(),
        "playerId is missing or malformed");
    require(
        command.username() != null && PlayerRules.USERNAME.matcher(command.username()).matches(),
        "username is missing or malformed");
    // Stored and compared normalised: a second spelling of one address must not register twice.
    require(
        command.email() != null
            && command.email().equals(PlayerRules.normaliseEmail(command.email()))
            && PlayerRules.isValidEmail(command.email()),
        "email is missing, malformed or not normalised");
    // Only a real hash is accepted: a plaintext password can never end up in the event store.
    require(
        command.passwordHash() != null
            && PlayerRules.PASSWORD_HASH.matcher(command.passwordHash()).matches(),
        "passwordHash is not an encoded Argon2id hash");
    apply(
        new PlayerRegisteredEvent(command.playerId(), command.username(), command.email(), now()));
    apply(new PlayerPasswordSetEvent(command.playerId(), command.passwordHash()));
  }

  /**
   * Checks a password against the hash. A wrong one is recorded, not refused: a refusal would roll
   * the failure's event back, and the failures are what stats and lockouts are made of. The hasher
   * is a Spring bean that Axon passes in (and the test fixture registers).
   */
  @CommandHandler
  LoginOutcome handle(LogInPlayerCommand command, PasswordHasher hasher) {
    require(command.password() != null, "password is missing");
    require(
        command.address() != null && command.address().length() <= ADDRESS_LENGTH_MAX,
        "address is missing or too long");
    if (lockedUntil != null && now().isBefore(lockedUntil)) {
      return LoginOutcome.LOCKED_OUT;
    }
    if (!hasher.matches(command.password(), passwordHash)) {
      apply(new PlayerLoginFailedEvent(playerId, command.address(), now()));
      return LoginOutcome.FAILED;
    }
    apply(new PlayerLoggedInEvent(playerId, command.address(), now()));
    return LoginOutcome.SUCCEEDED;
  }

  @CommandHandler
  void handle(LockOutPlayerCommand command) {
    require(command.failedAttempts() > 0, "failedAttempts must be positive");
    require(command.lockedUntil() != null, "lockedUntil is missing");
    Instant now = now();
    require(command.lockedUntil().isAfter(now), "lockedUntil must be in the future");
    if (lockedUntil != null && !command.lockedUntil().isAfter(lockedUntil)) {
      // Already locked at least that long: a second lockout racing the first changes nothing.
      return;
    }
    apply(new PlayerLockedOutEvent(playerId, command.failedAttempts(), command.lockedUntil(), now));
  }

  @CommandHandler
  void handle(LinkIdentityCommand command) {
    require(command.identity() != null, "identity is missing");
    ExternalIdentity.problem(command.identity().provider(), command.identity().subject())
        .ifPresent(Player::invalid);
    require(
        command.linkedVia() != null
            && PlayerRules.LINKED_VIA.matcher(command.linkedVia()).matches(),
        "linkedVia is missing or malformed");
    if (identities.contains(command.identity())) {
      // Proving the same identity again (a second OAuth round, a retried code) changes nothing.
      return;
    }
    if (identities.size() >= PlayerRules.IDENTITIES_MAX) {
      throw IdentityFailure.of(
          IdentityErrorCode.TOO_MANY_IDENTITIES,
          "a player links at most " + PlayerRules.IDENTITIES_MAX + " identities");
    }
    apply(new IdentityLinkedEvent(playerId, command.identity(), command.linkedVia(), now()));
  }

  @CommandHandler
  void handle(UnlinkIdentityCommand command) {
    require(command.identity() != null, "identity is missing");
    if (!identities.contains(command.identity())) {
      return;
    }
    apply(new IdentityUnlinkedEvent(playerId, command.identity(), now()));
  }

  /** A game server's login by platform identity: only while the identity is this player's. */
  @CommandHandler
  void handle(LogInPlayerByIdentityCommand command) {
    require(command.identity() != null, "identity is missing");
    require(
        command.gameServer() != null && !command.gameServer().isBlank(), "gameServer is missing");
    if (!identities.contains(command.identity())) {
      throw IdentityFailure.of(
          IdentityErrorCode.IDENTITY_NOT_LINKED,
          "this " + command.identity().provider() + " identity is not linked to the player");
    }
    apply(
        new PlayerLoggedInByIdentityEvent(
            playerId, command.identity(), command.gameServer(), now()));
  }

  /** An IPv6 address in its longest text form is 45 characters. */
  static final int ADDRESS_LENGTH_MAX = 45;

  /** Axon's clock: the test fixture sets it, so events carry predictable times there. */
  private static Instant now() {
    return GenericEventMessage.clock.instant();
  }

  private static void require(boolean condition, String detail) {
    if (!condition) {
      invalid(detail);
    }
  }

  private static void invalid(String detail) {
    throw IdentityFailure.of(IdentityErrorCode.VALIDATION_FAILED, detail);
  }

  @EventSourcingHandler
  void on(PlayerRegisteredEvent event) {
    playerId = event.playerId();
  }

  @EventSourcingHandler
  void on(PlayerPasswordSetEvent event) {
    passwordHash = event.passwordHash();
  }

  @EventSourcingHandler
  void on(PlayerLockedOutEvent event) {
    lockedUntil = event.lockedUntil();
  }

  @EventSourcingHandler
  void on(IdentityLinkedEvent event) {
    identities.add(event.identity());
  }

  @EventSourcingHandler
  void on(IdentityUnlinkedEvent event) {
    identities.remove(event.identity());
  }
}
