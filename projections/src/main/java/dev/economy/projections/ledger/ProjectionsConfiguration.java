package dev.economy.projections.ledger;

import dev.economy.messages.ledger.AccountCreditedEvent;
import dev.economy.messages.ledger.AccountDebitedEvent;
import dev.economy.messages.ledger.AccountRefundedEvent;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ProjectionsConfiguration {

  /**
   * A read model that skipped an event would be wrong forever: errors stop the segment, which rolls
   * its batch back and retries it, instead of Axon's default of logging and moving on. The
   * in-flight group is sequenced per transfer, because its rows are written by the events of two
   * accounts (the debit of the source, the credit of the destination or the refund).
   */
  @Bean
  ConfigurerModule projectionsProcessing() {
    return configurer -> {
      for (String group : ProjectionRebuild.PROCESSING_GROUPS) {
        configurer
            .eventProcessing()
            .registerListenerInvocationErrorHandler(group, c -> PropagatingErrorHandler.instance());
      }
      configurer
          .eventProcessing()
          .registerSequencingPolicy(
              TransfersInFlightProjection.PROCESSING_GROUP,
              c -> ProjectionsConfiguration::transferOf);
    };
  }

  private static Object transferOf(EventMessage<?> event) {
    Object payload = event.getPayload();
    if (payload instanceof AccountDebitedEvent e) {
      return e.transferId();
    }
    if (payload instanceof AccountCreditedEvent e) {
      return e.transferId();
    }
    if (payload instanceof AccountRefundedEvent e) {
      return e.transferId();
    }
    return SequentialPerAggregatePolicy.instance().getSequenceIdentifierFor(event);
  }
}
