package dev.economy.projections.bank;

import dev.economy.messages.bank.AccountCreditedEvent;
import dev.economy.messages.bank.AccountDebitedEvent;
import dev.economy.messages.bank.AccountRefundedEvent;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * transfer_in_flight: money debited from its source and neither credited nor refunded yet. The
 * debit and the credit are events of two different accounts, so this group is sequenced per
 * transfer (see ProjectionsConfiguration): a credit is never applied before its debit.
 */
@Component
@ProcessingGroup(TransfersInFlightProjection.PROCESSING_GROUP)
class TransfersInFlightProjection {

  static final String PROCESSING_GROUP = "ledger-in-flight";

  private final JdbcTemplate jdbc;

  TransfersInFlightProjection(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @EventHandler
  void on(AccountDebitedEvent event, @Timestamp Instant timestamp) {
    jdbc.update("insert into transfer_in_flight (transfer_id, idempotency_key, from_account_id, to_account_id,"
            + " amount_minor, reason_code, debited_at) values (?, ?, ?, ?, ?, ?, ?)",
        event.transferId(), event.idempotencyKey(), event.accountId(), event.counterpartyAccountId(),
        event.amountMinor(), event.reasonCode(), AccountReadModelProjection.utc(timestamp));
  }

  @EventHandler
  void on(AccountCreditedEvent event) {
    landed(event.transferId());
  }

  @EventHandler
  void on(AccountRefundedEvent event) {
    landed(event.transferId());
  }

  @ResetHandler
  void reset() {
    jdbc.execute("truncate transfer_in_flight");
  }

  private void landed(String transferId) {
    // Exactly one row: the debit was projected first (same sequence), and a transfer lands once.
    int deleted = jdbc.update("delete from transfer_in_flight where transfer_id = ?", transferId);
    if (deleted != 1) {
      throw new IllegalStateException("transfer " + transferId + " landed but was not in flight");
    }
  }
}
