package dev.economy.app.metrics;

import dev.economy.command.ledger.LedgerFailure;
import dev.economy.messages.ledger.LedgerErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.messaging.Message;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.micrometer.TagsUtil;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.MultiMessageMonitor;

/**
 * Every command the bus handles, by type and outcome, and every refusal by its ledger code: {@value
 * #COMMANDS}{command, outcome} with outcome accepted (handled), rejected (a business refusal such
 * as insufficient_funds, which is an answer, not a fault) or failed (anything else: a bug, the
 * database, a concurrency conflict that is retried), and {@value #REJECTIONS}{command, code}.
 * Axon's own commandBus.* meters only know success and failure, and count a refusal as a failure,
 * which would page an operator for a player without money.
 */
final class CommandMetrics implements MessageMonitor<Message<?>> {

  static final String COMMANDS = "economy.commands";
  static final String REJECTIONS = "economy.command.rejections";

  private final MeterRegistry registry;

  /**
   * The counters by command and outcome (or code): a map lookup per command, not a registration.
   */
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  CommandMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Adds this monitor to the command bus together with axon-micrometer's: a monitor registered for
   * the CommandBus type replaces the general one axon-micrometer registers for every component, so
   * this one brings axon-micrometer's command-bus monitor along (dimensional, by payload type).
   */
  static ConfigurerModule module(MeterRegistry registry, GlobalMetricRegistry axonMetrics) {
    CommandMetrics metrics = new CommandMetrics(registry);
    return configurer ->
        configurer.configureMessageMonitor(
            CommandBus.class,
            (configuration, componentType, componentName) -> {
              @SuppressWarnings("unchecked")
              MessageMonitor<Message<?>> axon =
                  (MessageMonitor<Message<?>>)
                      (MessageMonitor<?>)
                          axonMetrics.registerCommandBus(
                              componentName, TagsUtil.PAYLOAD_TYPE_TAGGER_FUNCTION);
              return new MultiMessageMonitor<Message<?>>(List.of(metrics, axon));
            });
  }

  @Override
  public MonitorCallback onMessageIngested(Message<?> message) {
    String command = commandName(message);
    return new MonitorCallback() {
      @Override
      public void reportSuccess() {
        count(command, "accepted");
      }

      @Override
      public void reportFailure(Throwable cause) {
        Optional<LedgerErrorCode> code = LedgerFailure.codeOf(cause);
        if (code.isPresent()) {
          count(command, "rejected");
          String errorCode = code.get().code();
          counters
              .computeIfAbsent(
                  REJECTIONS + '|' + command + '|' + errorCode,
                  k ->
                      Counter.builder(REJECTIONS)
                          .description("commands refused by a business rule, by ledger error code")
                          .tag("command", command)
                          .tag("code", errorCode)
                          .register(registry))
              .increment();
        } else {
          count(command, "failed");
        }
      }

      @Override
      public void reportIgnored() {
        count(command, "ignored");
      }
    };
  }

  private void count(String command, String outcome) {
    counters
        .computeIfAbsent(
            COMMANDS + '|' + command + '|' + outcome,
            k ->
                Counter.builder(COMMANDS)
                    .description(
                        "commands handled, by type and outcome (accepted, rejected, failed, ignored)")
                    .tag("command", command)
                    .tag("outcome", outcome)
                    .register(registry))
        .increment();
  }

  /** The simple name: a bounded set (one per command record), unlike ids or payload values. */
  private static String commandName(Message<?> message) {
    return message.getPayloadType().getSimpleName();
  }
}
