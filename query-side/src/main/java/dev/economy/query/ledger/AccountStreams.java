package dev.economy.query.ledger;

import dev.economy.messages.ledger.LedgerChange;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Live balance and history of one account over Server-Sent Events. A stream starts with a {@code
 * balance} event, then sends {@code history} and {@code balance} events as the projection commits
 * changes: each ledger_changes notification for the account (or a resync after the LISTEN
 * connection came back) makes it read the balance and the history entries after the last one it
 * sent. Reading state rather than trusting each notification makes lost or coalesced notifications
 * harmless.
 *
 * <p>Event ids: a history event's id is its sequence number, a balance event's id its version (one
 * number space: the account's event sequence), so a client that reconnects with Last-Event-ID gets
 * every entry after it. The first balance event of a resumed stream carries no id, so that the
 * client's Last-Event-ID stays where it was until the missed entries arrive.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@Component
class AccountStreams {

  private static final Logger log = LoggerFactory.getLogger(AccountStreams.class);
  static final String BALANCE = "balance";
  static final String HISTORY = "history";

  /** What a client refused for lack of room is told to wait before trying again. */
  private static final Duration RETRY_AFTER_FULL = Duration.ofSeconds(5);

  private static final Duration STREAM_LIFETIME_MIN = Duration.ofSeconds(1);

  private final LedgerReadModels readModels;
  private final LedgerChanges changes;
  private final QuerySettings settings;
  private final AtomicInteger open = new AtomicInteger();

  AccountStreams(LedgerReadModels readModels, LedgerChanges changes, QuerySettings settings) {
    this.readModels = readModels;
    this.changes = changes;
    this.settings = settings;
  }

  /** A cheap early answer; the limit itself is enforced when a stream starts. */
  void requireRoom() {
    if (open.get() >= settings.streamsMax()) {
      throw QueryProblem.tooManyStreams(settings.streamsMax(), RETRY_AFTER_FULL);
    }
  }

  /**
   * @param initial the account as read just before, for the first event
   * @param resumeAfter the client's Last-Event-ID, or null for a new stream
   * @param credentialsExpireAt when the caller's access token expires (the stream ends by then; the
   *     client reconnects with a fresh token and its Last-Event-ID), or null
   */
  Flux<ServerSentEvent<Object>> stream(
      AccountDetails initial, Long resumeAfter, Instant credentialsExpireAt) {
    Duration lifetime = settings.streamDurationMax();
    if (credentialsExpireAt != null) {
      Duration untilExpiry = Duration.between(Instant.now(), credentialsExpireAt);
      if (untilExpiry.compareTo(lifetime) < 0) {
        // At least a moment, so that a token within its clock skew still gets its first event.
        lifetime =
            untilExpiry.compareTo(STREAM_LIFETIME_MIN) > 0 ? untilExpiry : STREAM_LIFETIME_MIN;
      }
    }
    Duration streamLifetime = lifetime;
    return Flux.defer(
        () -> {
          // Counted when the stream starts and released when it ends however it ends, so that a
          // response that never starts cannot leak a place.
          if (open.incrementAndGet() > settings.streamsMax()) {
            open.decrementAndGet();
            return Flux.error(QueryProblem.tooManyStreams(settings.streamsMax(), RETRY_AFTER_FULL));
          }
          Position position =
              new Position(
                  initial.accountId(),
                  initial.version(),
                  resumeAfter == null ? initial.version() : resumeAfter);
          Flux<ServerSentEvent<Object>> first =
              Flux.just(balanceEvent(initial, resumeAfter == null));
          Flux<ServerSentEvent<Object>> missed =
              resumeAfter == null ? Flux.empty() : catchUp(position, initial.version());
          // Subscribed to the changes first, then one resync: whatever was committed after the
          // initial read is either seen by that read or notified afterwards.
          Flux<ServerSentEvent<Object>> live =
              Flux.merge(
                      changes
                          .changes()
                          .filter(change -> change.concerns(position.accountId))
                          .onBackpressureLatest(),
                      Flux.just(LedgerChange.RESYNC))
                  .concatMap(change -> refresh(position), 1);
          Flux<ServerSentEvent<Object>> heartbeats =
              Flux.interval(settings.streamHeartbeat())
                  .map(tick -> ServerSentEvent.builder().comment("heartbeat").build());
          return Flux.concat(first, missed, live)
              .mergeWith(heartbeats)
              // Bounded lifetime: the client reconnects with Last-Event-ID and loses nothing.
              .take(streamLifetime)
              .takeUntilOther(changes.stopped())
              .onErrorResume(
                  e -> {
                    // Ending the stream is the honest answer; the client resumes from its
                    // Last-Event-ID.
                    log.warn("stream of {} ended early: {}", position.accountId, e.toString());
                    return Flux.empty();
                  })
              .doFinally(signal -> open.decrementAndGet());
        });
  }

  /** What a stream has sent so far. Touched by one refresh at a time (concatMap). */
  private static final class Position {
    final String accountId;
    volatile long balanceVersion;
    volatile long historySequence;

    Position(String accountId, long balanceVersion, long historySequence) {
      this.accountId = accountId;
      this.balanceVersion = balanceVersion;
      this.historySequence = historySequence;
    }
  }

  private Flux<ServerSentEvent<Object>> refresh(Position position) {
    return readModels
        .account(position.accountId)
        .flatMapMany(
            details ->
                catchUp(position, details.version())
                    .concatWith(
                        Mono.fromSupplier(
                            () -> {
                              if (details.version() <= position.balanceVersion) {
                                return null;
                              }
                              position.balanceVersion = details.version();
                              return balanceEvent(details, true);
                            })));
  }

  /** The history entries after the last one sent, up to a version, oldest first, page by page. */
  private Flux<ServerSentEvent<Object>> catchUp(Position position, long upToSequence) {
    return Flux.defer(
        () -> {
          if (position.historySequence >= upToSequence) {
            return Flux.empty();
          }
          int pageSize = settings.historyPageSizeMax();
          return readModels
              .historyAfter(position.accountId, position.historySequence, upToSequence, pageSize)
              .collectList()
              .flatMapMany(
                  page -> {
                    if (page.isEmpty()) {
                      return Flux.empty();
                    }
                    position.historySequence = page.get(page.size() - 1).sequenceNumber();
                    Flux<ServerSentEvent<Object>> events =
                        Flux.fromIterable(page).map(AccountStreams::historyEvent);
                    return page.size() < pageSize
                        ? events
                        : events.concatWith(catchUp(position, upToSequence));
                  });
        });
  }

  private static ServerSentEvent<Object> balanceEvent(AccountDetails details, boolean withId) {
    ServerSentEvent.Builder<Object> event = ServerSentEvent.builder().event(BALANCE).data(details);
    if (withId) {
      event.id(Long.toString(details.version()));
    }
    return event.build();
  }

  private static ServerSentEvent<Object> historyEvent(HistoryEntry entry) {
    return ServerSentEvent.builder()
        .event(HISTORY)
        .id(Long.toString(entry.sequenceNumber()))
        .data((Object) entry)
        .build();
  }
}
