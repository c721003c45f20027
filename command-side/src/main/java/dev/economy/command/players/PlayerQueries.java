package dev.economy.command.players;

import dev.economy.messages.players.FindPlayerByIdentityQuery;
import dev.economy.messages.players.FindPlayerQuery;
import dev.economy.messages.players.RegisteredPlayer;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * The players context's answers to other contexts (Axon queries, messages.players): they ask
 * through the query bus and never use this context's classes or tables. Answered from the lookup
 * tables ({@link PlayerDirectory}), which are written with the registration's events, so a player
 * is found as soon as their registration has answered.
 *
 * <p>On the local query bus the handler runs on the asking thread (blocking JDBC: ask from a worker
 * thread, and not inside a transaction that waits for other connections).
 */
@Component
class PlayerQueries {

  private final PlayerDirectory directory;

  PlayerQueries(PlayerDirectory directory) {
    this.directory = directory;
  }

  @QueryHandler
  Optional<RegisteredPlayer> handle(FindPlayerQuery query) {
    return directory.isRegistered(query.playerId())
        ? Optional.of(new RegisteredPlayer(query.playerId()))
        : Optional.empty();
  }

  @QueryHandler
  Optional<RegisteredPlayer> handle(FindPlayerByIdentityQuery query) {
    return directory.findPlayerByIdentity(query.identity()).map(RegisteredPlayer::new);
  }
}
