package dev.economy.app.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.messaging.Message;
import org.axonframework.monitoring.MessageMonitor;

/**
 * The event processors' meters, under axon-micrometer's names and with its processorName tag
 * ({@code eventProcessor.processedCounter}, {@code .successCounter}, {@code .failureCounter},
 * {@code .latency}: the dashboards and alerts read these), kept by one monitor per processor that
 * holds its meters instead of looking them up for every event.
 *
 * <p>axon-micrometer's own processor monitors looked up a counter, a timer and a capacity reservoir
 * in the registry, by payload type, for every event every processor read, including the events it
 * only skips (most of them: the settlement processor handles one event type of many). Under the
 * benchmark's load that was an eighth of the backend's CPU. Skipped events cost nothing here; the
 * latency (how old the last event a processor read was, in ms) is set for every event, as Axon's
 * is.
 */
final class EventProcessorMetrics implements MessageMonitor<Message<?>> {

  private final Clock clock;
  private final Counter processed;
  private final Counter succeeded;
  private final Counter failed;
  private final AtomicLong latencyMillis = new AtomicLong();

  EventProcessorMetrics(MeterRegistry registry, String processorName, Clock clock) {
    this.clock = clock;
    this.processed =
        counter(
            registry,
            "eventProcessor.processedCounter",
            processorName,
            "events a processor handled, successfully or not");
    this.succeeded =
        counter(
            registry,
            "eventProcessor.successCounter",
            processorName,
            "events a processor handled successfully");
    this.failed =
        counter(
            registry,
            "eventProcessor.failureCounter",
            processorName,
            "events whose handling failed");
    Gauge.builder("eventProcessor.latency", latencyMillis, AtomicLong::get)
        .description("age in ms of the last event the processor read, when it read it")
        .tag("processorName", processorName)
        .register(registry);
  }

  /** Replaces axon-micrometer's monitor of every event processor with this one. */
  static ConfigurerModule module(MeterRegistry registry) {
    return configurer ->
        configurer.configureMessageMonitor(
            EventProcessor.class,
            (configuration, componentType, componentName) ->
                new EventProcessorMetrics(registry, componentName, Clock.systemUTC()));
  }

  private static Counter counter(
      MeterRegistry registry, String name, String processorName, String description) {
    return Counter.builder(name)
        .description(description)
        .tag("processorName", processorName)
        .register(registry);
  }

  @Override
  public MonitorCallback onMessageIngested(Message<?> message) {
    if (message instanceof EventMessage<?> event) {
      latencyMillis.set(Math.max(0, clock.millis() - event.getTimestamp().toEpochMilli()));
    }
    return new MonitorCallback() {
      @Override
      public void reportSuccess() {
        processed.increment();
        succeeded.increment();
      }

      @Override
      public void reportFailure(Throwable cause) {
        processed.increment();
        failed.increment();
      }

      @Override
      public void reportIgnored() {
        // Skipped by this processor (or this segment): nothing to count.
      }
    };
  }
}
