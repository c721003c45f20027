package dev.economy.projections.ledger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Rebuilds every ledger read model from the event store (invariant 5): each projection's processor
 * stops, its @ResetHandler empties its tables, its tokens go back to the start of the stream, and
 * it replays every event. Reads see partial tables until it has caught up, so run it while the
 * website can wait (the rebuild command of docs/operations.md does it and exits).
 */
@Component
public class ProjectionRebuild {

  /** Every processing group that writes a ledger read model. */
  public static final List<String> PROCESSING_GROUPS =
      List.of(
          AccountReadModelProjection.PROCESSING_GROUP,
          TransfersInFlightProjection.PROCESSING_GROUP);

  private static final Logger log = LoggerFactory.getLogger(ProjectionRebuild.class);
  private static final long POLL_MILLIS = 50;

  public record Report(long events, Duration took) {
    public double eventsPerSecond() {
      return events / Math.max(took.toNanos() / 1e9, 1e-9);
    }
  }

  private final EventProcessingConfiguration processing;
  private final EventStore eventStore;
  private final TokenStore tokenStore;
  private final TransactionManager transactionManager;
  private final JdbcTemplate jdbc;

  ProjectionRebuild(
      EventProcessingConfiguration processing,
      EventStore eventStore,
      TokenStore tokenStore,
      TransactionManager transactionManager,
      JdbcTemplate jdbc) {
    this.processing = processing;
    this.eventStore = eventStore;
    this.tokenStore = tokenStore;
    this.transactionManager = transactionManager;
    this.jdbc = jdbc;
  }

  /** Resets and replays every projection, and waits until they have caught up with the store. */
  public Report rebuild(Duration timeout) {
    long started = System.nanoTime();
    for (String group : PROCESSING_GROUPS) {
      StreamingEventProcessor processor = processor(group);
      processor.shutdownAsync().join();
      processor.resetTokens();
      processor.start();
    }
    long head = awaitCaughtUp(timeout);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    Long events =
        jdbc.queryForObject(
            "select count(*) from domainevententry where globalindex <= ?", Long.class, head);
    Report report = new Report(events == null ? 0 : events, took);
    log.info(
        "Rebuilt {} from {} events in {} ms ({} events/s)",
        PROCESSING_GROUPS,
        report.events(),
        took.toMillis(),
        Math.round(report.eventsPerSecond()));
    return report;
  }

  /**
   * Waits until every segment of every projection has processed the event that was the newest when
   * this was called, and returns that event's global index.
   */
  public long awaitCaughtUp(Duration timeout) {
    long head = position(eventStore.createHeadToken()).orElse(-1);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!PROCESSING_GROUPS.stream().allMatch(group -> reached(group, head))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "projections did not reach event " + head + " within " + timeout);
      }
      sleep();
    }
    return head;
  }

  private boolean reached(String group, long head) {
    int segments =
        transactionManager.fetchInTransaction(() -> tokenStore.fetchSegments(group)).length;
    Map<Integer, EventTrackerStatus> status = processor(group).processingStatus();
    return segments > 0
        && status.size() == segments
        && status.values().stream()
            .allMatch(
                s ->
                    !s.isErrorState()
                        && s.isCaughtUp()
                        && position(s.getTrackingToken()).orElse(-1) >= head);
  }

  private StreamingEventProcessor processor(String group) {
    return processing
        .eventProcessor(group, StreamingEventProcessor.class)
        .orElseThrow(() -> new IllegalStateException("no streaming processor " + group));
  }

  private static OptionalLong position(TrackingToken token) {
    return token == null ? OptionalLong.empty() : token.position();
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the projections", e);
    }
  }
}
