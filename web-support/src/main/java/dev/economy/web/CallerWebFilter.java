package dev.economy.web;

import dev.economy.web.token.AccessTokenVerifier;
import dev.economy.web.token.Caller;
import dev.economy.web.token.Sessions;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The one caller seam: every request of every side passes here, and the caller it resolves is the
 * only identity a controller sees (the exchange attribute {@link Caller#ATTRIBUTE}).
 *
 * <p>The caller is whoever the {@code Authorization: Bearer} access token says, once {@link
 * AccessTokenVerifier} has accepted it. No Authorization header: the anonymous caller, which the
 * endpoints' access rules refuse (401) wherever a caller is needed. A token that is there but not
 * acceptable is refused here, 401 unauthenticated with a WWW-Authenticate challenge (RFC 6750), and
 * never quietly treated as anonymous; so is a player's token whose login was logged out or revoked
 * ({@link Sessions}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class CallerWebFilter implements WebFilter {

  private static final Logger log = LoggerFactory.getLogger(CallerWebFilter.class);
  private static final String BEARER = "bearer ";

  private final AccessTokenVerifier verifier;
  private final Sessions sessions;

  CallerWebFilter(AccessTokenVerifier verifier, Sessions sessions) {
    this.verifier = verifier;
    this.sessions = sessions;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    List<String> values = exchange.getRequest().getHeaders().get(HttpHeaders.AUTHORIZATION);
    if (values == null || values.isEmpty()) {
      exchange.getAttributes().put(Caller.ATTRIBUTE, Caller.anonymous());
      return chain.filter(exchange);
    }
    if (values.size() != 1 || !values.get(0).toLowerCase(Locale.ROOT).startsWith(BEARER)) {
      return Mono.error(refused("send one Authorization header: Bearer and an access token"));
    }
    String token = values.get(0).substring(BEARER.length()).trim();
    AccessTokenVerifier.Verified remembered = verifier.remembered(token);
    Mono<AccessTokenVerifier.Verified> caller;
    if (remembered != null) {
      caller = Mono.just(remembered);
    } else {
      caller = Mono.fromCallable(() -> verifier.verify(token));
      if (!verifier.verifiesWithoutLookup(token)) {
        // An unknown kid makes the verifier read the keys table: not on the event loop.
        caller = caller.subscribeOn(Schedulers.boundedElastic());
      }
    }
    return caller
        .onErrorMap(
            AccessTokenVerifier.RefusedToken.class,
            refusedToken -> {
              log.debug("refused an access token: {}", refusedToken.getMessage());
              return refused(refusedToken.getMessage());
            })
        .flatMap(
            verified ->
                verified.sessionId() == null
                    ? Mono.just(verified)
                    : sessions
                        .isActive(verified.sessionId())
                        .flatMap(
                            active ->
                                active
                                    ? Mono.just(verified)
                                    : Mono.error(
                                        refused(
                                            "the login this access token belongs to has ended (logout); log in again"))))
        .flatMap(
            verified -> {
              exchange.getAttributes().put(Caller.ATTRIBUTE, verified.caller());
              exchange.getAttributes().put(Caller.EXPIRES_AT_ATTRIBUTE, verified.expiresAt());
              return chain.filter(exchange);
            });
  }

  private static ErrorResponseException refused(String detail) {
    ErrorResponseException refused =
        Problems.refusal(HttpStatus.UNAUTHORIZED, ProblemCodes.UNAUTHENTICATED, detail);
    refused
        .getHeaders()
        .set(HttpHeaders.WWW_AUTHENTICATE, Problems.BEARER_CHALLENGE + ", error=\"invalid_token\"");
    return refused;
  }
}
