package dev.economy.command.linking.web;

import dev.economy.command.linking.IdentityLinks;
import dev.economy.command.linking.LinkingProblems;
import dev.economy.command.linking.web.LinkingRequests.IdentityRequest;
import dev.economy.command.players.AccessTokens;
import dev.economy.command.players.TokenPair;
import dev.economy.web.token.Caller;
import dev.economy.messages.players.ExternalIdentity;
import dev.economy.web.token.Roles;
import dev.economy.web.ProblemCodes;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A game server logs a player in by the platform identity the game vouches for (FiveM license,
 * alt:V social id, Discord id): if a player linked it, the login is recorded as an event of that
 * player and the server gets the player's tokens to act for them.
 */
@RestController
class GameLoginController {

  private final IdentityLinks links;
  private final AccessTokens tokens;

  GameLoginController(IdentityLinks links, AccessTokens tokens) {
    this.links = links;
    this.tokens = tokens;
  }

  @PostMapping(path = "/api/v1/auth/game-login", consumes = MediaType.APPLICATION_JSON_VALUE)
  Mono<TokenPair> gameLogin(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @RequestBody IdentityRequest request) {
    if (!caller.hasRole(Roles.GAME_SERVER)) {
      return Mono.error(caller.isAnonymous()
          ? LinkingProblems.unauthenticated()
          : LinkingProblems.forbidden("only a game server logs players in by platform identity"));
    }
    ExternalIdentity identity = LinkingController.identity(request.provider(), request.subject(),
        ExternalIdentity.PROVIDERS);
    return links.playerOf(identity)
        .flatMap(player -> player.isPresent()
            // The Player aggregate records the login (PlayerLoggedInByIdentityEvent) and refuses it if
            // the identity was unlinked meanwhile; only then are tokens issued. Issuing blocks (the
            // refresh token goes to Redis): off the event loop.
            ? links.logInByIdentity(player.get(), identity, caller.actorId())
                .then(Mono.fromCallable(() -> tokens.issueForPlayer(player.get())).subscribeOn(Schedulers.boundedElastic()))
                .onErrorMap(DataAccessException.class, LinkingController::storeDown)
            : Mono.error(LinkingProblems.of(HttpStatus.NOT_FOUND, LinkingProblems.IDENTITY_NOT_LINKED,
                "no player has linked this " + identity.provider() + " identity; link it with a one-time code first")));
  }
}
