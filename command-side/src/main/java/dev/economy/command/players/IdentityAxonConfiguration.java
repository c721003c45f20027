package dev.economy.command.players;

import dev.economy.command.axon.CommandRefusals;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class IdentityAxonConfiguration {

  /** As for accounts: loading a player costs one snapshot plus fewer than N events. */
  /** The players context's refusals (username_taken, ...) are answers, not faults. */
  @Bean
  CommandRefusals playerRefusals() {
    return failure -> IdentityFailure.codeOf(failure).isPresent();
  }

  @Bean
  SnapshotTriggerDefinition playerSnapshotTrigger(
      Snapshotter snapshotter, @Value("${economy.ledger.snapshot-threshold:100}") int threshold) {
    return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
  }

  /**
   * The lookup tables must be written in the unit of work that appends the events, or they would
   * not be set-based validation at all: a subscribing processor, whatever the settings say, and a
   * refusal fails the command instead of being logged and skipped.
   */
  @Bean
  ConfigurerModule playerLookupProcessing() {
    return configurer ->
        configurer
            .eventProcessing()
            .registerSubscribingEventProcessor(PlayerLookup.PROCESSING_GROUP)
            .registerListenerInvocationErrorHandler(
                PlayerLookup.PROCESSING_GROUP, c -> PropagatingErrorHandler.instance())
            // A registration whose accounts could not be opened is retried, never skipped.
            .registerListenerInvocationErrorHandler(
                PlayerAccountsOpener.PROCESSING_GROUP, c -> PropagatingErrorHandler.instance());
  }
}
