package dev.economy.projections.ledger;

import dev.economy.messages.ledger.AccountCreditedEvent;
import dev.economy.messages.ledger.AccountDebitedEvent;
import dev.economy.messages.ledger.AccountRefundedEvent;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * transfer_in_flight: money debited from its source and neither credited nor refunded yet. The
 * debit and the credit are events of two different accounts, so this group is sequenced per
 * transfer (see ProjectionsConfiguration): a credit is never applied before its debit.
 *
 * <p>A batch is written at once before it commits: a transfer debited and landed within the same
 * batch never touches the table, the others are one batched insert and one batched delete.
 */
@Component
@ProcessingGroup(TransfersInFlightProjection.PROCESSING_GROUP)
class TransfersInFlightProjection {

  static final String PROCESSING_GROUP = "ledger-in-flight";
  private static final String RESOURCE = TransfersInFlightProjection.class.getName() + ".batch";

  private final JdbcTemplate jdbc;

  TransfersInFlightProjection(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @EventHandler
  void on(AccountDebitedEvent event, @Timestamp Instant timestamp) {
    batch()
        .debited
        .put(
            event.transferId(),
            new InFlightRow(
                event.transferId(),
                event.idempotencyKey(),
                event.accountId(),
                event.counterpartyAccountId(),
                event.amountMinor(),
                event.reasonCode(),
                AccountReadModelProjection.utc(timestamp)));
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
    Batch batch = batch();
    if (batch.debited.remove(transferId) == null && !batch.landed.add(transferId)) {
      throw new IllegalStateException("transfer " + transferId + " landed twice");
    }
  }

  private Batch batch() {
    UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
    return unitOfWork.getOrComputeResource(
        RESOURCE,
        key -> {
          Batch batch = new Batch();
          unitOfWork.onPrepareCommit(u -> write(batch));
          return batch;
        });
  }

  /** One row of transfer_in_flight: a transfer debited and not yet credited or refunded. */
  private record InFlightRow(
      String transferId,
      String idempotencyKey,
      String fromAccountId,
      String toAccountId,
      long amountMinor,
      String reasonCode,
      OffsetDateTime debitedAt) {
    Object[] insertArguments() {
      return new Object[] {
        transferId, idempotencyKey, fromAccountId, toAccountId, amountMinor, reasonCode, debitedAt
      };
    }
  }

  private static final class Batch {
    final Map<String, InFlightRow> debited = new LinkedHashMap<>();
    final Set<String> landed = new LinkedHashSet<>();
  }

  private void write(Batch batch) {
    if (batch.debited.isEmpty() && batch.landed.isEmpty()) {
      return;
    }
    ReadModelTransactions.commitAsynchronously(jdbc);
    if (!batch.landed.isEmpty()) {
      List<Object[]> ids = new ArrayList<>();
      batch.landed.forEach(id -> ids.add(new Object[] {id}));
      int[] deleted =
          jdbc.batchUpdate(
              "delete from transfer_in_flight where transfer_id = ?",
              ids,
              new int[] {Types.VARCHAR});
      for (int i = 0; i < deleted.length; i++) {
        // Exactly one row: the debit was projected first (same sequence), and a transfer lands
        // once.
        if (deleted[i] != 1) {
          throw new IllegalStateException(
              "transfer " + ids.get(i)[0] + " landed but was not in flight");
        }
      }
    }
    if (!batch.debited.isEmpty()) {
      jdbc.batchUpdate(
          "insert into transfer_in_flight (transfer_id, idempotency_key, from_account_id,"
              + " to_account_id, amount_minor, reason_code, debited_at) values (?, ?, ?, ?, ?, ?, ?)",
          batch.debited.values().stream().map(InFlightRow::insertArguments).toList());
    }
  }
}
