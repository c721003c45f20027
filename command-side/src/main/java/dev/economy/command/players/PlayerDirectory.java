package dev.economy.command.players;

import dev.economy.messages.players.ExternalIdentity;
import dev.economy.messages.players.PlayerRules;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Finds players by what identifies them, in the command side's lookup tables (PlayerLookup), which
 * are written in the same transaction as the events: a player is found as soon as the command that
 * registered or linked them has answered.
 *
 * <p>Blocking JDBC: call it from a worker thread (Schedulers.boundedElastic()), not an event loop.
 */
@Component
public class PlayerDirectory {

  private final JdbcTemplate jdbc;

  PlayerDirectory(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Whether a player with this id is registered: one select on the unique index of player_username
   * (every registration claims a username in the transaction that appends its events). An id that
   * is no player id (the server chooses 32 hex digits) is unknown without asking the database.
   */
  public boolean isRegistered(String playerId) {
    if (playerId == null || !PlayerRules.PLAYER_ID.matcher(playerId).matches()) {
      return false;
    }
    return !jdbc.queryForList(
            "SELECT 1 FROM player_username WHERE player_id = ?", Integer.class, playerId)
        .isEmpty();
  }

  /** The player an external identity is linked to. */
  public Optional<String> findPlayerByIdentity(ExternalIdentity identity) {
    if (identity == null || !identity.isValid()) {
      return Optional.empty();
    }
    return first(
        jdbc.queryForList(
            "SELECT player_id FROM player_identity WHERE provider = ? AND subject = ?",
            String.class,
            identity.provider(),
            identity.subject()));
  }

  /** The identities linked to a player, oldest first. */
  public List<ExternalIdentity> identitiesOf(String playerId) {
    return jdbc.query(
        "SELECT provider, subject FROM player_identity WHERE player_id = ? ORDER BY linked_at, provider, subject",
        (row, i) -> new ExternalIdentity(row.getString(1), row.getString(2)),
        playerId);
  }

  /** The player with this username, in any case. */
  public Optional<String> findPlayerByUsername(String username) {
    if (username == null || !PlayerRules.USERNAME.matcher(username).matches()) {
      return Optional.empty();
    }
    return first(
        jdbc.queryForList(
            "SELECT player_id FROM player_username WHERE username_key = ?",
            String.class,
            PlayerRules.usernameKey(username)));
  }

  /** The player with this e-mail address, in any spelling that normalises to the same. */
  public Optional<String> findPlayerByEmail(String email) {
    if (email == null) {
      return Optional.empty();
    }
    String normalised = PlayerRules.normaliseEmail(email);
    if (!PlayerRules.isValidEmail(normalised)) {
      return Optional.empty();
    }
    return first(
        jdbc.queryForList(
            "SELECT player_id FROM player_email WHERE email_key = ?", String.class, normalised));
  }

  /** A login name is an e-mail address when it has an @ (usernames cannot), else a username. */
  public Optional<String> findPlayerByLogin(String usernameOrEmail) {
    if (usernameOrEmail == null) {
      return Optional.empty();
    }
    return usernameOrEmail.indexOf('@') >= 0
        ? findPlayerByEmail(usernameOrEmail)
        : findPlayerByUsername(usernameOrEmail);
  }

  private static Optional<String> first(List<String> rows) {
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }
}
