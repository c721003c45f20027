package dev.economy.app.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.economy.app.IntegrationTest;
import dev.economy.projections.ledger.ProjectionRebuild;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;

/**
 * How the projections run: named processing groups on tracking processors (woken by each commit; a
 * pooled processor looks for new events only every 500 ms on the JDBC event store), every segment
 * of the token store processed, batches larger than one, and the tracking token kept by a JDBC
 * token store on the one DataSource the projections write through, under Spring's transaction
 * manager, so that a batch's rows and its token commit (or roll back) together. The rows themselves
 * are checked by RandomisedLedgerIT and ProjectionRebuildIT.
 */
class ProjectionProcessorsIT extends IntegrationTest {

  @Autowired EventProcessingConfiguration processing;
  @Autowired Environment environment;
  @Autowired ApplicationContext context;
  @Autowired TokenStore tokenStore;
  @Autowired TransactionManager transactionManager;

  @Test
  void eachProjectionIsANamedTrackingProcessorWithBatchesLargerThanOne() {
    assertThat(ProjectionRebuild.PROCESSING_GROUPS)
        .containsExactly("ledger-accounts", "ledger-in-flight");
    for (String group : ProjectionRebuild.PROCESSING_GROUPS) {
      EventProcessor processor = processing.eventProcessor(group).orElseThrow();
      assertThat(processor).as(group).isInstanceOf(TrackingEventProcessor.class);
      int batchSize =
          Binder.get(environment)
              .bind("axon.eventhandling.processors." + group + ".batch-size", Integer.class)
              .get();
      assertThat(batchSize).as(group + " batch size").isGreaterThan(1);
    }
  }

  @Test
  void theSettlementProcessorSettlesInBatches() {
    // Almost every transfer it sees is settled already: one transaction per transfer only moved
    // its token. RandomisedLedgerIT has it settle half of its transfers, in these batches.
    int batchSize =
        Binder.get(environment)
            .bind("axon.eventhandling.processors.transfer-settlement.batch-size", Integer.class)
            .get();
    assertThat(batchSize).isGreaterThan(1);
    assertThat(processing.eventProcessor("transfer-settlement", TrackingEventProcessor.class))
        .isPresent();
  }

  @Test
  void everySegmentOfEveryStreamingProcessorIsProcessed() {
    for (String group :
        List.of("ledger-accounts", "ledger-in-flight", "transfer-settlement", "player-accounts")) {
      TrackingEventProcessor processor =
          processing
              .eventProcessor(group, TrackingEventProcessor.class)
              .orElseThrow(() -> new AssertionError(group + " is not a tracking processor"));
      int segments =
          transactionManager.fetchInTransaction(() -> tokenStore.fetchSegments(group)).length;
      assertThat(segments).as(group + " segments").isPositive();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(processor.processingStatus())
                      .as(group + " segments being processed")
                      .hasSize(segments));
    }
  }

  @Test
  void tokensAndRowsShareOneDataSourceAndOneTransactionManager() {
    assertThat(context.getBeanNamesForType(DataSource.class)).hasSize(1);
    assertThat(tokenStore).isInstanceOf(JdbcTokenStore.class);
    assertThat(transactionManager).isInstanceOf(SpringTransactionManager.class);
  }
}
