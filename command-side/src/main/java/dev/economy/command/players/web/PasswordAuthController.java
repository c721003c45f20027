package dev.economy.command.players.web;

import dev.economy.command.players.AuthRefusal;
import dev.economy.command.players.IdentityFailure;
import dev.economy.command.players.PlayerAuthentication;
import dev.economy.messages.players.IdentityErrorCode;
import dev.economy.web.ClientAddresses;
import dev.economy.web.JsonInputProblems;
import dev.economy.web.ProblemCodes;
import dev.economy.web.Problems;
import dev.economy.web.TextRules;
import dev.economy.web.TokenAnswers;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/**
 * Registration and login with a password. Open to anonymous callers, limited per address and per
 * account (PlayerAuthentication). No answer, problem or log line of this controller contains the
 * password.
 */
@RestController
@RequestMapping("/api/v1/auth")
class PasswordAuthController {

  private static final Logger log = LoggerFactory.getLogger(PasswordAuthController.class);

  private final PlayerAuthentication authentication;
  private final ClientAddresses addresses;

  PasswordAuthController(PlayerAuthentication authentication, ClientAddresses addresses) {
    this.authentication = authentication;
    this.addresses = addresses;
  }

  /** 201 {playerId, username, email, walletAccountId, bankAccountId}. */
  @PostMapping(path = "/register", consumes = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<Object>> register(
      ServerWebExchange exchange, @RequestBody RegisterRequest request) {
    AuthChecks checks = AuthChecks.registration(request);
    if (!checks.passed()) {
      return Mono.just(problem(Problems.validationFailed(checks.violations()), null));
    }
    return authentication
        .register(
            request.username(),
            request.email(),
            request.password(),
            addresses.of(exchange.getRequest()))
        .map(
            registered ->
                ResponseEntity.status(HttpStatus.CREATED)
                    .contentType(MediaType.APPLICATION_JSON)
                    .<Object>body(registered))
        .onErrorResume(failure -> Mono.just(refused(failure)));
  }

  /**
   * 200 {playerId, accessToken, refreshToken, expiresIn, tokenType}, never cached (RFC 6749, 5.1);
   * 401 invalid_credentials; 429 too_many_attempts with Retry-After.
   */
  @PostMapping(path = "/login", consumes = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<Object>> logIn(
      ServerWebExchange exchange, @RequestBody LoginRequest request) {
    AuthChecks checks = AuthChecks.login(request);
    if (!checks.passed()) {
      return Mono.just(problem(Problems.validationFailed(checks.violations()), null));
    }
    String login = request.username() != null ? request.username() : request.email();
    return authentication
        .logIn(login, request.password(), addresses.of(exchange.getRequest()))
        .map(loggedIn -> TokenAnswers.ok().<Object>body(loggedIn))
        .onErrorResume(failure -> Mono.just(refused(failure)));
  }

  /**
   * An unreadable body: as everywhere (CommandInputAdvice), but without the parser's own words,
   * which quote the offending token, and in a login that token may be the password. A login whose
   * text is malformed (a control character or an unpaired surrogate, see TextRules) is a failed
   * login attempt all the same: it counts towards the address's limit.
   */
  @ExceptionHandler(ServerWebInputException.class)
  Mono<ResponseEntity<Object>> unreadableInput(
      ServerWebExchange exchange, ServerWebInputException unreadable) {
    String described = JsonInputProblems.describe(unreadable);
    if (described.startsWith("malformed JSON")) {
      described = "malformed JSON";
    }
    ResponseEntity<Object> refused = problem(Problems.validationFailed(described), null);
    if (!isLogin(exchange) || !holdsMalformedText(unreadable)) {
      return Mono.just(refused);
    }
    return authentication
        .countFailedLogin(addresses.of(exchange.getRequest()))
        .thenReturn(refused)
        .onErrorResume(failure -> Mono.just(refused(failure)));
  }

  private static boolean isLogin(ServerWebExchange exchange) {
    return exchange.getRequest().getPath().value().endsWith("/login");
  }

  private static boolean holdsMalformedText(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TextRules.MalformedTextException) {
        return true;
      }
    }
    return false;
  }

  private ResponseEntity<Object> refused(Throwable failure) {
    if (failure instanceof AuthRefusal refusal) {
      return problem(
          Problems.problem(
              HttpStatus.valueOf(refusal.httpStatus()), refusal.code(), refusal.getMessage()),
          refusal.retryAfter() == null ? null : refusal.retryAfterSeconds());
    }
    var code = IdentityFailure.codeOf(failure);
    if (code.isPresent()) {
      IdentityErrorCode c = code.get();
      return problem(
          Problems.problem(HttpStatus.valueOf(c.httpStatus()), c.code(), detail(c)), null);
    }
    if (failure instanceof TimeoutException) {
      return problem(
          Problems.problem(
              HttpStatus.SERVICE_UNAVAILABLE,
              ProblemCodes.COMMAND_TIMEOUT,
              "no answer in time; try again"),
          null);
    }
    log.error("registration or login failed unexpectedly", failure);
    return problem(
        Problems.problem(
            HttpStatus.INTERNAL_SERVER_ERROR,
            ProblemCodes.INTERNAL_ERROR,
            "an unexpected error happened on the server; it has been logged"),
        null);
  }

  private static String detail(IdentityErrorCode code) {
    return switch (code) {
      case USERNAME_TAKEN -> "the username is taken";
      case EMAIL_TAKEN -> "the e-mail address is taken";
      default -> code.code().replace('_', ' ');
    };
  }

  private static ResponseEntity<Object> problem(ProblemDetail problem, Long retryAfterSeconds) {
    ResponseEntity.BodyBuilder response =
        ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
    if (retryAfterSeconds != null) {
      response.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
    }
    return response.body(problem);
  }
}
