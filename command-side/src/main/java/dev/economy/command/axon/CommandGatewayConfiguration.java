package dev.economy.command.axon;

import java.util.List;
import java.util.concurrent.Executors;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.AxonNonTransientExceptionClassesPredicate;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Axon wiring every context of the command side shares: the command gateway (with its retry of
 * concurrent appends) and how the event store recognises PostgreSQL's unique-key conflict. Contexts
 * register what is theirs ({@link CommandRefusals}, aggregates, processors) in their own
 * configuration.
 */
@Configuration(proxyBeanMethods = false)
public class CommandGatewayConfiguration {

  /** PostgreSQL's SQLState for a unique key violation. */
  private static final String UNIQUE_VIOLATION = "23505";

  /**
   * Tells the event store that PostgreSQL refused an append for its unique (aggregate, sequence)
   * key, so that the append fails as a concurrent write (ConcurrencyException, or
   * AggregateStreamCreationException for an aggregate's first event), which the gateway below
   * retries. Axon's default resolver looks for SQLIntegrityConstraintViolationException, which the
   * PostgreSQL driver never throws (it reports SQLState 23505 on a BatchUpdateException), so the
   * conflict came out as a non-transient EventStoreException and the command failed without a retry
   * (AggregateCacheIT: an account cached before another node appended to it). Only 23505: any other
   * integrity violation is a bug that a retry would only repeat. (SQLStateResolver sits in Axon's
   * jpa package but reads nothing but the SQLException.)
   */
  @Bean
  PersistenceExceptionResolver persistenceExceptionResolver() {
    return new SQLStateResolver(UNIQUE_VIOLATION);
  }

  /**
   * Two nodes (or two racing commands before the in-JVM lock) that append to the same aggregate
   * collide on the event store's unique key: retry those, a bounded number of times.
   */
  @Bean
  public CommandGateway commandGateway(
      CommandBus commandBus,
      List<CommandRefusals> refusals,
      @Value("${economy.commands.retry-attempts-max:5}") int attempts) {
    RetryScheduler retry =
        IntervalRetryScheduler.builder()
            .retryExecutor(
                Executors.newSingleThreadScheduledExecutor(
                    r -> {
                      Thread t = new Thread(r, "command-retry");
                      t.setDaemon(true);
                      return t;
                    }))
            .retryInterval(20)
            .maxRetryCount(attempts)
            // A refusal (insufficient_funds, idempotency_conflict, ...) gives the same answer
            // again: by
            // default Axon retries every CommandExecutionException, so each refusal ran six times,
            // one
            // after another on the single retry thread.
            .nonTransientFailurePredicate(
                new AxonNonTransientExceptionClassesPredicate()
                    // Each context's refusals are answers just the same (CommandRefusals).
                    .or(
                        failure ->
                            refusals.stream().anyMatch(refusal -> refusal.isRefusal(failure))))
            .build();
    return DefaultCommandGateway.builder().commandBus(commandBus).retryScheduler(retry).build();
  }
}
