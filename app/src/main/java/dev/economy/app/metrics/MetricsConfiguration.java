package dev.economy.app.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The business and processing metrics at /actuator/prometheus (docs/operations.md, "Monitoring"),
 * next to axon-micrometer's (dimensional: by payload type and processor), Spring's
 * http.server.requests and the JVM's. Gauges per processor are bound once the processors exist, so
 * each role exposes the processors it runs.
 */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

  @Bean
  ConfigurerModule commandMetrics(MeterRegistry registry, GlobalMetricRegistry axonMetrics) {
    return CommandMetrics.module(registry, axonMetrics);
  }

  @Bean
  ConfigurerModule eventProcessorMetrics(MeterRegistry registry) {
    return EventProcessorMetrics.module(registry);
  }

  @Bean
  ProcessorGauges processorGauges(
      MeterRegistry registry,
      EventProcessingConfiguration processing,
      EventStore eventStore,
      JdbcTemplate jdbc,
      @Qualifier("serializer") Serializer serializer) {
    return new ProcessorGauges(
        registry,
        processing,
        new ReadModelMetrics(jdbc),
        new ProjectionLagMetrics(processing, eventStore, jdbc, serializer));
  }

  static final class ProcessorGauges {
    private final MeterRegistry registry;
    private final EventProcessingConfiguration processing;
    private final ReadModelMetrics readModels;
    private final ProjectionLagMetrics lag;

    ProcessorGauges(
        MeterRegistry registry,
        EventProcessingConfiguration processing,
        ReadModelMetrics readModels,
        ProjectionLagMetrics lag) {
      this.registry = registry;
      this.processing = processing;
      this.readModels = readModels;
      this.lag = lag;
    }

    @EventListener(ApplicationReadyEvent.class)
    void bind() {
      List<String> streaming =
          processing.eventProcessors().values().stream()
              .filter(StreamingEventProcessor.class::isInstance)
              .map(EventProcessor::getName)
              .sorted()
              .toList();
      readModels.bindTo(registry, streaming);
      lag.bindTo(registry, streaming);
    }
  }
}
