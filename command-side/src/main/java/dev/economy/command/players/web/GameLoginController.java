package dev.economy.command.players.web;

import dev.economy.command.players.AccessTokens;
import dev.economy.command.players.IdentityFailure;
import dev.economy.command.players.PlayerDirectory;
import dev.economy.command.players.TokenPair;
import dev.economy.messages.players.ExternalIdentity;
import dev.economy.messages.players.IdentityErrorCode;
import dev.economy.messages.players.LogInPlayerByIdentityCommand;
import dev.economy.web.ProblemCodes;
import dev.economy.web.Problems;
import dev.economy.web.TokenAnswers;
import dev.economy.web.token.Caller;
import dev.economy.web.token.Roles;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A game server logs a player in by the platform identity the game vouches for (FiveM license,
 * alt:V social id, Discord id): if a player linked it, the login is recorded as an event of that
 * player and the server gets the player's tokens to act for them. A login, so the players context's
 * (the linking context only makes the links it reads).
 */
@RestController
class GameLoginController {

  /** The body: the in-game identity. */
  record GameLoginRequest(String provider, String subject) {}

  private final PlayerDirectory directory;
  private final CommandGateway commands;
  private final AccessTokens tokens;
  private final Duration commandTimeout;

  GameLoginController(
      PlayerDirectory directory,
      CommandGateway commands,
      AccessTokens tokens,
      @Value("${economy.http.command-timeout:10s}") Duration commandTimeout) {
    this.directory = directory;
    this.commands = commands;
    this.tokens = tokens;
    this.commandTimeout = commandTimeout;
  }

  @PostMapping(path = "/api/v1/auth/game-login", consumes = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<TokenPair>> gameLogin(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller, @RequestBody GameLoginRequest request) {
    if (!caller.hasRole(Roles.GAME_SERVER)) {
      return Mono.error(
          caller.isAnonymous()
              ? Problems.unauthenticated("this needs an access token (Authorization: Bearer ...)")
              : Problems.forbidden("only a game server logs players in by platform identity"));
    }
    ExternalIdentity identity = identity(request.provider(), request.subject());
    return Mono.fromCallable(() -> directory.findPlayerByIdentity(identity))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(
            player ->
                player.isPresent()
                    // The Player aggregate records the login (PlayerLoggedInByIdentityEvent) and
                    // refuses it if
                    // the identity was unlinked meanwhile; only then are tokens issued. Issuing
                    // blocks (the
                    // refresh token goes to Redis): off the event loop.
                    ? logIn(player.get(), identity, caller.actorId())
                        .then(
                            Mono.fromCallable(() -> tokens.issueForPlayer(player.get()))
                                .subscribeOn(Schedulers.boundedElastic()))
                    : Mono.error(
                        Problems.refusal(
                            HttpStatus.NOT_FOUND,
                            IdentityErrorCode.IDENTITY_NOT_LINKED.code(),
                            "no player has linked this "
                                + identity.provider()
                                + " identity; link it with a one-time code first")))
        .onErrorMap(DataAccessException.class, GameLoginController::storeDown)
        // RFC 6749 5.1: an answer that carries tokens is not to be stored.
        .map(TokenAnswers::ok);
  }

  private Mono<Void> logIn(String playerId, ExternalIdentity identity, String gameServer) {
    return Mono.fromFuture(
            () -> commands.send(new LogInPlayerByIdentityCommand(playerId, identity, gameServer)))
        .timeout(commandTimeout)
        .onErrorMap(
            TimeoutException.class,
            timeout ->
                Problems.refusal(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    ProblemCodes.COMMAND_TIMEOUT,
                    "the players context did not answer in time; retry"))
        .onErrorMap(
            failure -> IdentityFailure.codeOf(failure).isPresent(),
            failure -> {
              IdentityErrorCode code = IdentityFailure.codeOf(failure).orElseThrow();
              return Problems.refusal(code, message(failure, code));
            })
        .then();
  }

  /**
   * Any linked identity logs its player in (linking decides which identities a game server may
   * link).
   */
  private static ExternalIdentity identity(String provider, String subject) {
    ExternalIdentity.problem(provider, subject)
        .ifPresent(
            problem -> {
              throw Problems.validation(problem);
            });
    return new ExternalIdentity(provider, subject);
  }

  private static String message(Throwable failure, IdentityErrorCode code) {
    if (code == IdentityErrorCode.NOT_FOUND) {
      return "no such player";
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CommandExecutionException && t.getMessage() != null) {
        return t.getMessage();
      }
    }
    return code.code();
  }

  private static ErrorResponseException storeDown(Throwable failure) {
    return Problems.retryAfter(
        Problems.refusal(
            HttpStatus.SERVICE_UNAVAILABLE,
            ProblemCodes.UNAVAILABLE,
            "logging in needs Redis, which does not answer; retry shortly"),
        Duration.ofSeconds(5));
  }
}
