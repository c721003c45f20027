package dev.economy.command.players;

import dev.economy.messages.players.IdentityErrorCode;
import dev.economy.messages.players.IdentityLinkedEvent;
import dev.economy.messages.players.IdentityUnlinkedEvent;
import dev.economy.messages.players.PlayerRegisteredEvent;
import dev.economy.messages.players.PlayerRules;
import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Set-based validation as AxonIQ describes it ("Set Based Consistency Validation", Yvonne Ceelie):
 * a command-side lookup table, written by a <em>subscribing</em> processor, so in the same unit of
 * work and database transaction that appends the events. Each table has a unique key on the claimed
 * value; of two registrations racing for one name, the second's insert waits for the first
 * transaction and then finds the row, so its command is refused and its events roll back with it.
 * Exactly one wins, on one node or many sharing the PostgreSQL event store.
 *
 * <p>{@code ON CONFLICT DO NOTHING} instead of catching the unique violation: the losing
 * transaction stays usable long enough to be rolled back cleanly, and the refusal carries its code.
 * Errors propagate (IdentityAxonConfiguration), so a refusal here fails the command.
 *
 * <p>With Axon Server as the event store the table and the events are no longer one transaction
 * (docs/architecture.md, "Players").
 */
@Component
@ProcessingGroup(PlayerLookup.PROCESSING_GROUP)
class PlayerLookup {

  static final String PROCESSING_GROUP = "player-lookup";

  private final JdbcTemplate jdbc;

  PlayerLookup(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @EventHandler
  void on(PlayerRegisteredEvent event) {
    int username =
        jdbc.update(
            "INSERT INTO player_username (username_key, player_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
            PlayerRules.usernameKey(event.username()),
            event.playerId());
    if (username == 0) {
      throw IdentityFailure.of(IdentityErrorCode.USERNAME_TAKEN, "the username is taken");
    }
    int email =
        jdbc.update(
            "INSERT INTO player_email (email_key, player_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
            event.email(),
            event.playerId());
    if (email == 0) {
      throw IdentityFailure.of(IdentityErrorCode.EMAIL_TAKEN, "the e-mail address is taken");
    }
  }

  @EventHandler
  void on(IdentityLinkedEvent event) {
    int linked =
        jdbc.update(
            """
        INSERT INTO player_identity (provider, subject, player_id, linked_via, linked_at)
        VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
            event.identity().provider(),
            event.identity().subject(),
            event.playerId(),
            event.linkedVia(),
            Timestamp.from(event.linkedAt()));
    if (linked == 0) {
      // The aggregate no-ops a second link to the same player, so the row is another player's.
      throw IdentityFailure.of(
          IdentityErrorCode.IDENTITY_ALREADY_LINKED,
          "this " + event.identity().provider() + " identity is linked to another player");
    }
  }

  @EventHandler
  void on(IdentityUnlinkedEvent event) {
    jdbc.update(
        "DELETE FROM player_identity WHERE provider = ? AND subject = ? AND player_id = ?",
        event.identity().provider(),
        event.identity().subject(),
        event.playerId());
  }
}
