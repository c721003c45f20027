package dev.economy.command.players;

import dev.economy.messages.ledger.LedgerRules;
import dev.economy.messages.players.IdentityErrorCode;
import dev.economy.messages.players.LockOutPlayerCommand;
import dev.economy.messages.players.LogInPlayerCommand;
import dev.economy.messages.players.LoginOutcome;
import dev.economy.messages.players.PlayerRules;
import dev.economy.messages.players.RegisterPlayerCommand;
import dev.economy.web.ProblemCodes;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Registration and password login, as the HTTP layer offers them: the address limits and account
 * lockouts (AuthLimiter, Redis), the password hashing, and the Player commands. Input rules are the
 * caller's (RequestChecks in the HTTP layer); the aggregate checks them again.
 *
 * <p>Answers with the outcome or fails with an {@link AuthRefusal} (or an IdentityFailure's
 * CommandExecutionException for a refusal of the aggregate). The password is never logged, never
 * part of a refusal, and reaches nothing but the hasher and the login command.
 */
@Component
public class PlayerAuthentication {

  private static final Logger log = LoggerFactory.getLogger(PlayerAuthentication.class);

  /** A registered player, as the registration answers. */
  public record Registered(
      String playerId,
      String username,
      String email,
      String walletAccountId,
      String bankAccountId) {}

  /**
   * A player who proved their password, and their tokens (AccessTokens): the access token for
   * {@code Authorization: Bearer}, the refresh token for POST /api/v1/auth/refresh.
   */
  public record LoggedIn(
      String playerId, String accessToken, String refreshToken, long expiresIn, String tokenType) {}

  private final CommandGateway commandGateway;
  private final PlayerDirectory directory;
  private final PasswordHasher hasher;
  private final AuthLimiter limiter;
  private final AccessTokens tokens;
  private final Duration commandTimeout;
  private final Clock clock = Clock.systemUTC();

  PlayerAuthentication(
      CommandGateway commandGateway,
      PlayerDirectory directory,
      PasswordHasher hasher,
      AuthLimiter limiter,
      AccessTokens tokens,
      @Value("${economy.http.command-timeout:10s}") Duration commandTimeout) {
    this.commandGateway = commandGateway;
    this.directory = directory;
    this.hasher = hasher;
    this.limiter = limiter;
    this.tokens = tokens;
    this.commandTimeout = commandTimeout;
  }

  /**
   * Registers a player whose input passed the rules; the e-mail is normalised here. Opens the
   * wallet and bank right away (the player-accounts processor does it too, should this process die
   * first).
   */
  public Mono<Registered> register(String username, String email, String password, String address) {
    String normalisedEmail = PlayerRules.normaliseEmail(email);
    return limited(limiter.countRegistration(address), "registrations")
        .then(
            blocking(
                () -> {
                  // The common case answered before the expensive hash; the lookup table's unique
                  // keys
                  // decide the races (PlayerLookup).
                  if (directory.findPlayerByUsername(username).isPresent()) {
                    throw IdentityFailure.of(
                        IdentityErrorCode.USERNAME_TAKEN, "the username is taken");
                  }
                  if (directory.findPlayerByEmail(normalisedEmail).isPresent()) {
                    throw IdentityFailure.of(
                        IdentityErrorCode.EMAIL_TAKEN, "the e-mail address is taken");
                  }
                  String playerId = PlayerRules.newPlayerId();
                  commandGateway.sendAndWait(
                      new RegisterPlayerCommand(
                          playerId, username, normalisedEmail, hasher.hash(password)));
                  try {
                    PlayerAccountsOpener.open(commandGateway, playerId);
                  } catch (RuntimeException e) {
                    log.warn(
                        "opening the accounts of player {} failed; the player-accounts processor retries: {}",
                        playerId,
                        e.toString());
                  }
                  return new Registered(
                      playerId,
                      username,
                      normalisedEmail,
                      LedgerRules.walletAccountId(playerId),
                      LedgerRules.bankAccountId(playerId));
                }));
  }

  /**
   * Logs a player in by username or e-mail and password. An unknown name and a wrong password get
   * the same answer, after the same work, and count towards the same lockout.
   */
  public Mono<LoggedIn> logIn(String login, String password, String address) {
    return limited(limiter.countLogin(address), "login attempts")
        .then(blocking(() -> directory.findPlayerByLogin(login)))
        .flatMap(
            player -> {
              String accountKey =
                  player
                      .map(id -> "player:" + id)
                      .orElse("login:" + login.strip().toLowerCase(Locale.ROOT));
              return limiter
                  .lockoutLeft(accountKey)
                  .onErrorMap(PlayerAuthentication::redisDown)
                  .flatMap(
                      left -> {
                        if (!left.isZero()) {
                          return Mono.error(tooManyAttempts(left));
                        }
                        return check(player, password, address)
                            .flatMap(outcome -> answer(outcome, player, accountKey));
                      });
            });
  }

  /**
   * A login attempt refused before its body could be read (malformed text): it counts towards the
   * address's login limit like any other attempt, and answers 429 once that limit is passed.
   */
  public Mono<Void> countFailedLogin(String address) {
    return limited(limiter.countLogin(address), "login attempts");
  }

  private Mono<LoginOutcome> check(Optional<String> player, String password, String address) {
    if (player.isEmpty()) {
      return blocking(
          () -> hasher.matchesNobody(password) ? LoginOutcome.SUCCEEDED : LoginOutcome.FAILED);
    }
    return blocking(
        () ->
            commandGateway.<LoginOutcome>sendAndWait(
                new LogInPlayerCommand(player.get(), password, address)));
  }

  private Mono<LoggedIn> answer(LoginOutcome outcome, Optional<String> player, String accountKey) {
    switch (outcome) {
      case SUCCEEDED:
        String playerId = player.orElseThrow();
        return limiter
            .recordSuccess(accountKey)
            .onErrorMap(PlayerAuthentication::redisDown)
            .then(
                blocking(() -> tokens.issueForPlayer(playerId))
                    .onErrorMap(DataAccessException.class, PlayerAuthentication::redisDown))
            .map(
                pair ->
                    new LoggedIn(
                        playerId,
                        pair.accessToken(),
                        pair.refreshToken(),
                        pair.expiresIn(),
                        pair.tokenType()));
      case LOCKED_OUT:
        // The aggregate's own lockout (it outlives a Redis that forgot the flag).
        return Mono.error(tooManyAttempts(limiter.lockoutDuration()));
      default:
        return limiter
            .recordFailure(accountKey)
            .onErrorMap(PlayerAuthentication::redisDown)
            .flatMap(
                lockout -> {
                  if (lockout.isZero()) {
                    return Mono.error(invalidCredentials());
                  }
                  if (player.isEmpty()) {
                    return Mono.error(tooManyAttempts(lockout));
                  }
                  return blocking(
                          () -> {
                            commandGateway.sendAndWait(
                                new LockOutPlayerCommand(
                                    player.get(),
                                    limiter.loginFailuresMax(),
                                    clock.instant().plus(lockout)));
                            return lockout;
                          })
                      .flatMap(left -> Mono.error(tooManyAttempts(left)));
                });
    }
  }

  private static AuthRefusal invalidCredentials() {
    return new AuthRefusal(
        PlayerProblemCodes.INVALID_CREDENTIALS,
        401,
        "the username or e-mail and password do not match",
        null);
  }

  private static AuthRefusal tooManyAttempts(Duration retryAfter) {
    return new AuthRefusal(
        ProblemCodes.TOO_MANY_ATTEMPTS, 429, "too many attempts; try again later", retryAfter);
  }

  private static Mono<Void> limited(Mono<AuthLimiter.Count> count, String what) {
    return count
        .onErrorMap(PlayerAuthentication::redisDown)
        .flatMap(
            c ->
                c.over()
                    ? Mono.error(
                        new AuthRefusal(
                            ProblemCodes.TOO_MANY_ATTEMPTS,
                            429,
                            "too many " + what + " from this address; try again later",
                            c.windowLeft()))
                    : Mono.empty());
  }

  private static Throwable redisDown(Throwable failure) {
    if (failure instanceof AuthRefusal) {
      return failure;
    }
    log.warn("the login limits in Redis could not be read or written: {}", failure.toString());
    // Fails closed: without its counters a login would be open to unlimited guessing.
    return new AuthRefusal(
        ProblemCodes.UNAVAILABLE,
        503,
        "login and registration are unavailable right now; retry shortly",
        Duration.ofSeconds(5));
  }

  /** JDBC, hashing and sendAndWait block: on a worker thread, with the command timeout as bound. */
  private <T> Mono<T> blocking(Callable<T> work) {
    return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic()).timeout(commandTimeout);
  }

  /** For the HTTP layer: a timeout of {@link #blocking}. */
  public static boolean isTimeout(Throwable failure) {
    return failure instanceof TimeoutException;
  }
}
