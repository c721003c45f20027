package dev.economy.command.ledger;

import dev.economy.command.axon.BoundedAggregateCache;
import dev.economy.command.axon.CommandRefusals;
import dev.economy.messages.ledger.AccountKind;
import dev.economy.messages.ledger.OpenAccountCommand;
import dev.economy.messages.ledger.SystemAccount;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
class LedgerAxonConfiguration {

  private static final String ASYNCHRONOUS_COMMIT =
      LedgerAxonConfiguration.class.getName() + ".asynchronousCommit";

  /**
   * A snapshot every N events keeps loading an account to one snapshot plus fewer than N events.
   */
  @Bean
  SnapshotTriggerDefinition accountSnapshotTrigger(
      Snapshotter snapshotter, @Value("${economy.ledger.snapshot-threshold:100}") int threshold) {
    return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
  }

  /**
   * The ledger's refusals (insufficient_funds, idempotency_conflict, ...) are answers, not faults.
   */
  @Bean
  CommandRefusals ledgerRefusals() {
    return failure -> LedgerFailure.codeOf(failure).isPresent();
  }

  /**
   * Aggregates stay in memory between commands, so that a command loads nothing from the event
   * store when its aggregates were used recently: the fast path's settle finds the transfer it just
   * initiated, the settlement processor's no-op finds it settled, a busy account is read once.
   * Bounded by a count of entries (see {@link BoundedAggregateCache} for why not weak references).
   * A stale entry (another node appended) is caught by the event store's unique (aggregate,
   * sequence) key; the failed unit of work evicts it and the command gateway retries with the
   * aggregate read afresh.
   */
  @Bean
  Cache accountAggregateCache(
      @Value("${economy.ledger.aggregate-cache.accounts:10000}") long entriesMax) {
    return new BoundedAggregateCache(entriesMax);
  }

  /**
   * Transfers in their own cache: an id names one aggregate type only, and a burst of new transfers
   * (most used by two or three commands close together, then rarely again) must not push out the
   * accounts.
   */
  @Bean
  Cache transferAggregateCache(
      @Value("${economy.ledger.aggregate-cache.transfers:10000}") long entriesMax) {
    return new BoundedAggregateCache(entriesMax);
  }

  /**
   * A transfer must never be skipped: settlement errors stop the segment and are retried.
   *
   * <p>The processor settles a batch of transfers (economy.settlement batch size) in one unit of
   * work and one transaction: each settle command runs nested in it, and its transaction joins the
   * batch's. A failure in any of them rolls the whole batch back, token included, and the batch is
   * handled again (settling is idempotent). A batch holds the locks of the transfers it settled
   * (and, for the rare transfer the fast path left pending, of its two accounts, taken in id order)
   * until it commits.
   *
   * <p>The settlement processor's transactions commit asynchronously. They answer nobody: almost
   * always the fast path has settled the transfer already and only the processor's token moves;
   * when it does settle, no client was told so. Should PostgreSQL crash before such a commit
   * reaches the disk, the token goes back with it and the transfer is settled again (settling is
   * idempotent). And no acknowledged commit can outlive it: PostgreSQL's log is written in order,
   * so a later synchronous commit flushes every commit before it.
   */
  @Bean
  ConfigurerModule settlementProcessing(JdbcTemplate jdbc) {
    return configurer ->
        configurer
            .eventProcessing()
            .registerListenerInvocationErrorHandler(
                TransferSettlement.PROCESSING_GROUP, c -> PropagatingErrorHandler.instance())
            .registerHandlerInterceptor(
                TransferSettlement.PROCESSING_GROUP,
                c ->
                    (unitOfWork, chain) -> {
                      unitOfWork
                          .root()
                          .getOrComputeResource(
                              ASYNCHRONOUS_COMMIT,
                              key -> {
                                jdbc.execute("set local synchronous_commit to off");
                                return Boolean.TRUE;
                              });
                      return chain.proceed();
                    });
  }

  @Bean
  SystemAccountsBootstrap systemAccountsBootstrap(CommandGateway commandGateway) {
    return new SystemAccountsBootstrap(commandGateway);
  }

  /** Opens the system accounts at start-up; opening is idempotent, so every start does it. */
  static final class SystemAccountsBootstrap {
    private final CommandGateway commandGateway;

    SystemAccountsBootstrap(CommandGateway commandGateway) {
      this.commandGateway = commandGateway;
    }

    /**
     * First of the ready listeners: whatever runs after (the rebuild command, ...) finds them open.
     */
    @EventListener(ApplicationReadyEvent.class)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void openSystemAccounts() {
      for (SystemAccount account : SystemAccount.values()) {
        AccountKind kind = account.kind();
        commandGateway.sendAndWait(
            new OpenAccountCommand(account.accountId(), SystemAccount.OWNER, kind, "system"));
      }
    }
  }
}
