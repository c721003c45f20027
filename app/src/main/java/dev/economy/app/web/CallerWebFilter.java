package dev.economy.app.web;

import dev.economy.messages.bank.LedgerRules;
import dev.economy.messages.identity.Caller;
import dev.economy.messages.problem.ProblemCodes;
import java.util.List;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The one caller seam: every request of every side passes here, and the caller it resolves is the
 * only identity a controller sees (the exchange attribute {@link Caller#ATTRIBUTE}).
 *
 * <p>For now the actor is taken on trust from the {@value #ACTOR_HEADER} header (anonymous without
 * it). The identity issue replaces this body with JWT verification; nothing else has to change.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class CallerWebFilter implements WebFilter {

  static final String ACTOR_HEADER = "X-Economy-Actor";

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    List<String> values = exchange.getRequest().getHeaders().get(ACTOR_HEADER);
    Caller caller;
    if (values == null || values.isEmpty()) {
      caller = Caller.anonymous();
    } else if (values.size() == 1 && LedgerRules.ACTOR.matcher(values.get(0)).matches()) {
      caller = new Caller(values.get(0), Set.of());
    } else {
      // A malformed actor must not silently become "anonymous": its idempotency keys would land in
      // another sender's scope.
      return Mono.error(Problems.exception(HttpStatus.BAD_REQUEST, ProblemCodes.VALIDATION_FAILED,
          ACTOR_HEADER + " must be one value of 1 to 96 characters of A-Z a-z 0-9 . _ : @ -"));
    }
    exchange.getAttributes().put(Caller.ATTRIBUTE, caller);
    return chain.filter(exchange);
  }
}
