package dev.economy.query.ledger;

import dev.economy.web.token.Caller;
import java.time.Instant;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The ledger's read API. Parameters are taken as text and validated here (HistoryRequest,
 * AccountIds), so that every bad one is a validation_failed problem naming it. Who may read what is
 * {@link ReadAccessPolicy}'s, checked first; the caller comes from the caller seam (an exchange
 * attribute), and without one (a role running without the seam) the caller is anonymous.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@RestController
@RequestMapping("/api/v1")
class LedgerQueryController {

  /** A Last-Event-ID is a version: a long has at most 19 digits. */
  private static final int LAST_EVENT_ID_LENGTH_MAX = 19;

  private final AccountDetailsReader accounts;
  private final LedgerReadModels readModels;
  private final AccountStreams streams;
  private final QuerySettings settings;

  LedgerQueryController(
      AccountDetailsReader accounts,
      LedgerReadModels readModels,
      AccountStreams streams,
      QuerySettings settings) {
    this.accounts = accounts;
    this.readModels = readModels;
    this.streams = streams;
    this.settings = settings;
  }

  @GetMapping("/accounts/{accountId}")
  Mono<AccountDetails> account(
      @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller,
      @PathVariable String accountId) {
    ReadAccessPolicy.account(caller, accountId);
    AccountIds.requireAccountId(accountId);
    return accounts.details(accountId).switchIfEmpty(Mono.error(() -> noSuchAccount(accountId)));
  }

  @GetMapping("/players/{playerId}/accounts")
  Mono<PlayerAccountList> playerAccounts(
      @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller,
      @PathVariable String playerId) {
    ReadAccessPolicy.playerAccounts(caller, playerId);
    AccountIds.requirePlayerId(playerId);
    return readModels
        .playerAccounts(playerId)
        .flatMap(
            found ->
                found.isEmpty()
                    ? Mono.error(QueryProblem.notFound("player " + playerId + " has no accounts"))
                    : Mono.just(new PlayerAccountList(playerId, found)));
  }

  @GetMapping("/accounts/{accountId}/history")
  Mono<HistoryPage> history(
      @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller,
      @PathVariable String accountId,
      @RequestParam(required = false) String limit,
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) String reason) {
    ReadAccessPolicy.account(caller, accountId);
    HistoryRequest request =
        HistoryRequest.parse(accountId, limit, cursor, from, to, reason, settings);
    return readModels
        .history(request)
        // An empty page is either an account with nothing (yet) in that range, or no account at
        // all.
        .flatMap(
            page ->
                !page.entries().isEmpty()
                    ? Mono.just(page)
                    : readModels
                        .accountExists(accountId)
                        .flatMap(
                            exists ->
                                exists ? Mono.just(page) : Mono.error(noSuchAccount(accountId))));
  }

  @GetMapping("/money-supply")
  Mono<MoneySupply> moneySupply(
      @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller) {
    ReadAccessPolicy.moneySupply(caller);
    return readModels.moneySupply();
  }

  @GetMapping(path = "/accounts/{accountId}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  Mono<ResponseEntity<Flux<ServerSentEvent<Object>>>> stream(
      @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller,
      @PathVariable String accountId,
      @RequestAttribute(name = Caller.EXPIRES_AT_ATTRIBUTE, required = false)
          Instant credentialsExpireAt,
      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
    ReadAccessPolicy.account(caller, accountId);
    AccountIds.requireAccountId(accountId);
    Long resumeAfter = parseLastEventId(lastEventId);
    streams.requireRoom();
    // Read before answering, so that an unknown account is a 404 rather than an empty stream.
    return readModels
        .account(accountId)
        .switchIfEmpty(Mono.error(() -> noSuchAccount(accountId)))
        .map(
            initial ->
                ResponseEntity.ok()
                    .contentType(MediaType.TEXT_EVENT_STREAM)
                    .cacheControl(CacheControl.noStore())
                    // A buffering proxy (the nginx gateway) would hold events back; this tells it
                    // not to.
                    .header("X-Accel-Buffering", "no")
                    .body(streams.stream(initial, resumeAfter, credentialsExpireAt)));
  }

  private static Long parseLastEventId(String lastEventId) {
    if (lastEventId == null || lastEventId.isEmpty()) {
      return null;
    }
    if (lastEventId.length() <= LAST_EVENT_ID_LENGTH_MAX
        && lastEventId.chars().allMatch(c -> c >= '0' && c <= '9')) {
      try {
        return Long.parseLong(lastEventId);
      } catch (NumberFormatException beyondLong) {
        // falls through to the problem below
      }
    }
    throw QueryProblem.validation(
        "Last-Event-ID must be the id of an event of this stream (a version number)");
  }

  private static ErrorResponseException noSuchAccount(String accountId) {
    return QueryProblem.notFound("no account " + accountId);
  }
}
