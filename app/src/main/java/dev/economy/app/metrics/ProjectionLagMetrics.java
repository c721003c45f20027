package dev.economy.app.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How many events each streaming processor is behind the head of the event store: the head's
 * position minus the position of the processor's slowest segment. A segment this JVM works on
 * counts where it is now (its live status); any other segment where its stored token says, so the
 * lag keeps growing while a processor is stopped, stuck or runs nowhere (Axon's
 * eventProcessor.latency only moves when an event is handled). Works with either event store: the
 * head comes from Axon's EventStore, the tokens from the JDBC token store both topologies use.
 */
final class ProjectionLagMetrics {

  static final String LAG = "economy.projection.lag";

  private static final Logger log = LoggerFactory.getLogger(ProjectionLagMetrics.class);

  private final EventProcessingConfiguration processing;
  private final EventStore eventStore;
  private final JdbcTemplate jdbc;
  private final Serializer serializer;

  ProjectionLagMetrics(
      EventProcessingConfiguration processing,
      EventStore eventStore,
      JdbcTemplate jdbc,
      Serializer serializer) {
    this.processing = processing;
    this.eventStore = eventStore;
    this.jdbc = jdbc;
    this.serializer = serializer;
  }

  void bindTo(MeterRegistry registry, Collection<String> processors) {
    for (String processor : processors) {
      Gauge.builder(LAG, this, m -> m.lagOf(processor))
          .description(
              "events between the head of the event store and the processor's slowest segment")
          .baseUnit("events")
          .tag("processor", processor)
          .register(registry);
    }
  }

  double lagOf(String processor) {
    try {
      Map<Integer, EventTrackerStatus> live =
          processing
              .eventProcessor(processor, StreamingEventProcessor.class)
              .map(StreamingEventProcessor::processingStatus)
              .orElse(Map.of());
      long head = position(eventStore.createHeadToken());
      List<Long> positions =
          jdbc.query(
              "select segment, token, tokentype from tokenentry where processorname = ?",
              (row, i) -> {
                EventTrackerStatus status = live.get(row.getInt(1));
                if (status != null && !status.isErrorState()) {
                  return position(status.getTrackingToken());
                }
                byte[] token = row.getBytes(2);
                String type = row.getString(3);
                if (token == null || type == null) {
                  return -1L;
                }
                TrackingToken t =
                    serializer.deserialize(
                        new SimpleSerializedObject<>(token, byte[].class, type, null));
                return position(t);
              },
              processor);
      if (positions.isEmpty()) {
        // Not started yet: everything is ahead of it.
        return head + 1;
      }
      long slowest = positions.stream().mapToLong(Long::longValue).min().orElse(-1);
      return Math.max(0, head - slowest);
    } catch (RuntimeException e) {
      log.debug("projection lag of {} unavailable: {}", processor, e.toString());
      return Double.NaN;
    }
  }

  private static long position(TrackingToken token) {
    if (token == null) {
      return -1;
    }
    OptionalLong position = token.position();
    return position.orElse(-1);
  }
}
