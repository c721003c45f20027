package dev.economy.command.ledger.web;

import dev.economy.messages.players.FindPlayerQuery;
import dev.economy.messages.players.RegisteredPlayer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Whether a player is registered, as the players context answers it ({@link FindPlayerQuery} on
 * Axon's query bus): the ledger uses none of that context's classes or tables. Asked before a
 * request opens a player's accounts, so that nobody opens (and then credits) accounts of a player
 * the server never issued.
 *
 * <p>Blocks: on the local query bus the answer is one indexed select on the asking thread, with a
 * connection of its own for that select. Ask from a worker thread, and before a group of an ingress
 * batch takes its transaction (a pooled connection), never inside it.
 */
@Component
class RegisteredPlayers {

  private final QueryGateway queryGateway;
  private final Duration timeout;

  RegisteredPlayers(
      QueryGateway queryGateway, @Value("${economy.http.command-timeout:10s}") Duration timeout) {
    this.queryGateway = queryGateway;
    this.timeout = timeout;
  }

  /**
   * True when the player is registered; fails with a TimeoutException when the players context did
   * not answer in time, or with the failure of its query.
   */
  boolean isRegistered(String playerId) throws TimeoutException {
    try {
      Optional<RegisteredPlayer> found =
          queryGateway
              .query(
                  new FindPlayerQuery(playerId),
                  ResponseTypes.optionalInstanceOf(RegisteredPlayer.class))
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return found.isPresent();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while asking whether player " + playerId + " is registered", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime
          ? runtime
          : new IllegalStateException(e.getCause());
    }
  }
}
