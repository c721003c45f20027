package dev.economy.command.players.web;

import dev.economy.command.players.AccessTokens;
import dev.economy.command.players.PlayerProblemCodes;
import dev.economy.command.players.RefreshTokens;
import dev.economy.command.players.ServiceClients;
import dev.economy.command.players.ServiceToken;
import dev.economy.command.players.ServiceTokenAttempts;
import dev.economy.command.players.TokenPair;
import dev.economy.web.ClientAddresses;
import dev.economy.web.ProblemCodes;
import dev.economy.web.Problems;
import dev.economy.web.TokenAnswers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Token endpoints that need no access token: service clients exchange their credentials, players
 * refresh and log out with their refresh token. (Player login with a password is the players
 * context's POST /api/v1/auth/login, which calls {@link AccessTokens#issueForPlayer}.) Token
 * answers are never cached (RFC 6749, section 5.1).
 */
@RestController
@RequestMapping(path = "/api/v1/auth", consumes = MediaType.APPLICATION_JSON_VALUE)
class AuthController {

  private static final Logger log = LoggerFactory.getLogger(AuthController.class);

  private final ServiceClients clients;
  private final AccessTokens tokens;
  private final RefreshTokens refreshTokens;
  private final ServiceTokenAttempts attempts;
  private final ClientAddresses addresses;

  AuthController(
      ServiceClients clients,
      AccessTokens tokens,
      RefreshTokens refreshTokens,
      ServiceTokenAttempts attempts,
      ClientAddresses addresses) {
    this.clients = clients;
    this.tokens = tokens;
    this.refreshTokens = refreshTokens;
    this.attempts = attempts;
    this.addresses = addresses;
  }

  /**
   * 200 with a service token; 401 invalid_client; 429 too_many_attempts (with Retry-After) for an
   * address refused too often (ServiceTokenAttempts). Every refusal is logged at WARN with the
   * client id and the address, never the secret.
   */
  @PostMapping("/service-token")
  Mono<ResponseEntity<ServiceToken>> serviceToken(
      ServerWebExchange exchange, @RequestBody ServiceTokenRequest request) {
    String address = addresses.of(exchange.getRequest());
    return attempts
        .waitFor(address)
        .flatMap(
            wait -> {
              if (wait.isPresent()) {
                log.warn(
                    "refused a service token for client id {} from {}: too many refused requests",
                    printable(request.clientId()),
                    address);
                return Mono.error(
                    Problems.retryAfter(
                        Problems.refusal(
                            HttpStatus.TOO_MANY_REQUESTS,
                            ProblemCodes.TOO_MANY_ATTEMPTS,
                            "too many refused requests from this address; try again later"),
                        wait.get()));
              }
              return clients
                  .authenticate(request.clientId(), request.clientSecret())
                  .map(client -> Mono.just(noStore(tokens.issueForService(client))))
                  .orElseGet(
                      () ->
                          attempts
                              .recordRefusal(address)
                              .flatMap(
                                  refusals -> {
                                    log.warn(
                                        "refused a service token for client id {} from {}: unknown"
                                            + " client id or wrong secret ({} refusals of this"
                                            + " address in the window)",
                                        printable(request.clientId()),
                                        address,
                                        refusals);
                                    return Mono.error(
                                        AuthProblems.unauthorized(
                                            PlayerProblemCodes.INVALID_CLIENT,
                                            "unknown client id or wrong secret"));
                                  }));
            });
  }

  /** Rotates the refresh token: answers a new pair; the token sent is used up. */
  @PostMapping("/refresh")
  Mono<ResponseEntity<TokenPair>> refresh(@RequestBody RefreshTokenRequest request) {
    return Mono.fromCallable(() -> refreshTokens.rotate(request.refreshToken()))
        .subscribeOn(Schedulers.boundedElastic())
        .onErrorMap(DataAccessException.class, AuthController::redisDown)
        .flatMap(
            rotation -> {
              if (rotation instanceof RefreshTokens.Rotation.Rotated rotated) {
                return Mono.just(
                    noStore(
                        tokens.pairFor(rotated.playerId(), rotated.newToken(), rotated.family())));
              }
              if (((RefreshTokens.Rotation.Refused) rotation).reuseDetected()) {
                log.warn("a used refresh token was presented again; its whole family is revoked");
              }
              return Mono.error(
                  AuthProblems.unauthorized(
                      PlayerProblemCodes.INVALID_REFRESH_TOKEN,
                      "the refresh token is unknown, expired, used or revoked; log in again"));
            });
  }

  /** Revokes the refresh token's family: 204, also for a token that is unknown (nothing to say). */
  @PostMapping("/logout")
  Mono<ResponseEntity<Void>> logout(@RequestBody RefreshTokenRequest request) {
    if (request.refreshToken() == null) {
      return Mono.error(AuthProblems.validationFailed("refreshToken is missing"));
    }
    return Mono.fromCallable(() -> refreshTokens.revokeFamily(request.refreshToken()))
        .subscribeOn(Schedulers.boundedElastic())
        .onErrorMap(DataAccessException.class, AuthController::redisDown)
        .thenReturn(ResponseEntity.noContent().build());
  }

  private static <T> ResponseEntity<T> noStore(T body) {
    return TokenAnswers.ok(body);
  }

  private static Throwable redisDown(DataAccessException e) {
    log.warn("refresh tokens are unavailable, Redis does not answer: {}", e.toString());
    return AuthProblems.unavailable("refresh tokens are unavailable right now; try again shortly");
  }

  /** A client id as it may appear in the log: bounded, and only harmless characters. */
  private static String printable(String clientId) {
    if (clientId == null) {
      return "(none)";
    }
    String bounded = clientId.length() > 64 ? clientId.substring(0, 64) + "..." : clientId;
    return bounded.replaceAll("[^A-Za-z0-9._-]", "?");
  }
}
