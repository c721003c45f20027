package dev.economy.command.linking;

import dev.economy.messages.players.ExternalIdentity;
import dev.economy.messages.players.FindPlayerByIdentityQuery;
import dev.economy.messages.players.IdentityErrorCode;
import dev.economy.messages.players.LinkIdentityCommand;
import dev.economy.messages.players.LogInPlayerByIdentityCommand;
import dev.economy.messages.players.RegisteredPlayer;
import dev.economy.messages.players.UnlinkIdentityCommand;
import dev.economy.web.ProblemCodes;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The players context as the linking flows use it: link and unlink through the Player aggregate,
 * whose set-based lookup refuses an identity held by another player (identity_already_linked), and
 * the lookup of the player an identity is linked to. Refusals become problems with their codes.
 */
@Component
public class IdentityLinks {

  private final CommandGateway commands;
  private final QueryGateway queries;
  private final Duration commandTimeout;

  IdentityLinks(
      CommandGateway commands,
      QueryGateway queries,
      @Value("${economy.http.command-timeout:10s}") Duration commandTimeout) {
    this.commands = commands;
    this.queries = queries;
    this.commandTimeout = commandTimeout;
  }

  public Mono<Void> link(String playerId, ExternalIdentity identity, String linkedVia) {
    return send(new LinkIdentityCommand(playerId, identity, linkedVia));
  }

  /** Unlinks an identity the player holds; an identity they do not hold is identity_not_linked. */
  public Mono<Void> unlink(String playerId, ExternalIdentity identity) {
    return playerOf(identity)
        .flatMap(
            owner ->
                owner.isPresent() && owner.get().equals(playerId)
                    ? send(new UnlinkIdentityCommand(playerId, identity))
                    : Mono.error(
                        LinkingProblems.of(
                            HttpStatus.NOT_FOUND,
                            LinkingProblems.IDENTITY_NOT_LINKED,
                            "you have not linked this " + identity.provider() + " identity")));
  }

  /**
   * Records a game server's login of the player by the identity; refused (identity_not_linked) when
   * it was unlinked since it was looked up.
   */
  public Mono<Void> logInByIdentity(String playerId, ExternalIdentity identity, String gameServer) {
    return send(new LogInPlayerByIdentityCommand(playerId, identity, gameServer));
  }

  /**
   * The player the identity is linked to, as the players context answers (from a lookup table
   * written with the events: read-your-writes). Its handler reads JDBC on the asking thread: off
   * the event loop.
   */
  public Mono<Optional<String>> playerOf(ExternalIdentity identity) {
    return Mono.fromFuture(
            () ->
                queries.query(
                    new FindPlayerByIdentityQuery(identity),
                    ResponseTypes.optionalInstanceOf(RegisteredPlayer.class)))
        .subscribeOn(Schedulers.boundedElastic())
        .timeout(commandTimeout)
        .onErrorMap(
            TimeoutException.class,
            timeout ->
                LinkingProblems.of(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    ProblemCodes.COMMAND_TIMEOUT,
                    "the players context did not answer in time; retry"))
        .map(found -> found.map(RegisteredPlayer::playerId));
  }

  private Mono<Void> send(Object command) {
    return Mono.fromFuture(() -> commands.send(command))
        .timeout(commandTimeout)
        .onErrorMap(
            TimeoutException.class,
            timeout ->
                LinkingProblems.of(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    ProblemCodes.COMMAND_TIMEOUT,
                    "the players context did not answer in time; retry"))
        .onErrorMap(
            failure -> IdentityErrorCode.carriedBy(failure).isPresent(),
            failure -> {
              IdentityErrorCode code = IdentityErrorCode.carriedBy(failure).orElseThrow();
              return LinkingProblems.of(
                  HttpStatus.valueOf(code.httpStatus()), code.code(), message(failure, code));
            })
        .then();
  }

  private static String message(Throwable failure, IdentityErrorCode code) {
    if (code == IdentityErrorCode.NOT_FOUND) {
      return "no such player";
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof org.axonframework.commandhandling.CommandExecutionException
          && t.getMessage() != null) {
        return t.getMessage();
      }
    }
    return code.code();
  }
}
