package dev.economy.command.ledger;

import dev.economy.messages.ledger.SettleTransferCommand;
import dev.economy.messages.ledger.TransferInitiatedEvent;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * The safety net that settles every pending transfer. The HTTP API settles right after initiating
 * (the fast path); if that process dies in between, this processor settles from the event store.
 * Settling twice is a no-op. Errors propagate (see LedgerAxonConfiguration), so the processor
 * retries instead of skipping a transfer and leaving its money in flight.
 */
@Component
@ProcessingGroup(TransferSettlement.PROCESSING_GROUP)
class TransferSettlement {

  static final String PROCESSING_GROUP = "transfer-settlement";

  private final CommandGateway commandGateway;

  TransferSettlement(CommandGateway commandGateway) {
    this.commandGateway = commandGateway;
  }

  @EventHandler
  void on(TransferInitiatedEvent event) {
    commandGateway.sendAndWait(new SettleTransferCommand(event.transferId()));
  }
}
