package dev.economy.query.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.economy.messages.ledger.LedgerChange;
import dev.economy.messages.ledger.LedgerChangesChannel;
import io.r2dbc.postgresql.api.Notification;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.api.PostgresqlResult;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.r2dbc.R2dbcConnectionDetails;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.publisher.SynchronousSink;
import reactor.util.retry.Retry;

/**
 * LISTEN ledger_changes on one dedicated connection, outside the R2DBC pool (a pooled connection
 * would be handed back and its LISTEN lost), fanned out to every live stream through one multicast
 * sink, so a thousand streams cost one database connection. If the connection drops it is
 * re-established with backoff, and subscribers get {@link LedgerChange#RESYNC} to re-read what they
 * may have missed meanwhile.
 *
 * <p>Only in a process that serves HTTP: the rebuild command has no stream to feed.
 *
 * <p>A notification lists every account a projection batch changed, with its new version (a JSON
 * array {@code [{"accountId":..,"version":..},..]}; a projections role from before one notification
 * per batch sends one object per account, still accepted so that a rolling deploy works). Each
 * notification marks its accounts' cache entries pending at the notified versions in one Redis
 * call, a second line behind the projection's own markers for when those could not be written, then
 * emits one {@link LedgerChange} per account, in order. One notification and one Redis call per
 * account kept the event-loop threads busy decoding, routing and marking: 17% of the backend's CPU
 * samples under the benchmark load (JFR).
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@Component
class LedgerChanges implements SmartLifecycle {

  private static final String CHANNEL = LedgerChangesChannel.CHANNEL;

  /** Visible in pg_stat_activity, so operators (and a test) can find the listening connection. */
  static final String APPLICATION_NAME = "economy-ledger-listener";

  private static final Duration RECONNECT_DELAY_MIN = Duration.ofMillis(250);
  private static final Duration RECONNECT_DELAY_MAX = Duration.ofSeconds(10);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(LedgerChanges.class);

  private final Sinks.Many<LedgerChange> sink = Sinks.many().multicast().directBestEffort();
  private final ConnectionFactory connections;
  private final AccountCache cache;
  private final ObjectMapper json;
  private final AtomicBoolean connectionLost = new AtomicBoolean();
  private volatile Disposable listening;

  LedgerChanges(R2dbcConnectionDetails database, AccountCache cache, ObjectMapper json) {
    this.connections =
        ConnectionFactories.get(dedicatedConnection(database.getConnectionFactoryOptions()));
    this.cache = cache;
    this.json = json;
  }

  private static ConnectionFactoryOptions dedicatedConnection(ConnectionFactoryOptions pooled) {
    Object driver = pooled.getValue(ConnectionFactoryOptions.DRIVER);
    if (!"postgresql".equals(driver)) {
      throw new IllegalStateException(
          "LISTEN needs a plain r2dbc:postgresql: URL, got driver " + driver);
    }
    return pooled
        .mutate()
        .option(Option.valueOf("applicationName"), APPLICATION_NAME)
        // A half-open connection would otherwise look alive forever and deliver nothing.
        .option(Option.valueOf("tcpKeepAlive"), true)
        .option(ConnectionFactoryOptions.CONNECT_TIMEOUT, CONNECT_TIMEOUT)
        .build();
  }

  /** Every change from now on; slow subscribers must coalesce (onBackpressureLatest), not block. */
  Flux<LedgerChange> changes() {
    return sink.asFlux();
  }

  @Override
  public void start() {
    listening =
        listenOnce()
            // The notifications end when the connection does: that is a reason to reconnect too.
            .concatWith(Flux.error(() -> new IllegalStateException("the LISTEN connection closed")))
            .retryWhen(
                Retry.backoff(Long.MAX_VALUE, RECONNECT_DELAY_MIN)
                    .maxBackoff(RECONNECT_DELAY_MAX)
                    .transientErrors(true)
                    .doBeforeRetry(signal -> lost(signal.failure())))
            .subscribe(this::publish, e -> log.error("stopped listening to {}", CHANNEL, e));
  }

  private Flux<List<LedgerChange>> listenOnce() {
    return Flux.usingWhen(
        Mono.from(connections.create()).cast(PostgresqlConnection.class),
        connection ->
            Flux.merge(
                // Subscribed before LISTEN runs, so nothing notified in between is lost.
                connection.getNotifications().handle(this::parse),
                connection
                    .createStatement("LISTEN " + CHANNEL)
                    .execute()
                    .flatMap(PostgresqlResult::getRowsUpdated)
                    .then(Mono.fromSupplier(this::listeningStarted))),
        connection -> connection.close().onErrorResume(e -> Mono.empty()));
  }

  private List<LedgerChange> listeningStarted() {
    if (connectionLost.compareAndSet(true, false)) {
      log.info("listening to {} again; live streams re-read what they may have missed", CHANNEL);
    } else {
      log.info("listening to {} on a dedicated connection", CHANNEL);
    }
    return List.of(LedgerChange.RESYNC);
  }

  private void lost(Throwable cause) {
    if (connectionLost.compareAndSet(false, true)) {
      log.warn("the {} LISTEN connection is lost ({}); reconnecting", CHANNEL, cause.toString());
    } else {
      log.debug("still reconnecting to LISTEN {}: {}", CHANNEL, cause.toString());
    }
  }

  /**
   * All of a notification's accounts, or nothing and a warning: a payload that is not entirely what
   * the projections send did not come from them. Synchronous (handle, not a Mono per notification):
   * this runs on the connection's event-loop thread.
   */
  private void parse(Notification notification, SynchronousSink<List<LedgerChange>> parsed) {
    List<LedgerChange> changes;
    try {
      changes = LedgerChangesChannel.parse(notification.getParameter());
    } catch (IllegalArgumentException e) {
      log.warn(
          "ignored a {} notification that is not [{\"accountId\",\"version\"},..] or one such object: {}",
          CHANNEL,
          e.getMessage());
      return;
    }
    parsed.next(changes);
  }

  /** One notification's changes, or the resync alone. */
  private synchronized void publish(List<LedgerChange> changes) {
    if (!changes.get(0).resync()) {
      cache.markPending(changes).subscribe();
    }
    // No subscriber, or one that cannot keep up, is no error: streams re-read state on each signal.
    for (LedgerChange change : changes) {
      sink.tryEmitNext(change);
    }
  }

  /** Completes when this listener stops (shutdown): live streams end with it. */
  Mono<Boolean> stopped() {
    return sink.asFlux().ignoreElements().then(Mono.just(Boolean.TRUE));
  }

  @Override
  public void stop() {
    Disposable current = listening;
    if (current != null) {
      current.dispose();
    }
    listening = null;
    // Open streams would otherwise hold the graceful shutdown for its whole timeout.
    synchronized (this) {
      sink.tryEmitComplete();
    }
  }

  @Override
  public boolean isRunning() {
    return listening != null && !listening.isDisposed();
  }
}
