package dev.economy.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.economy.app.IntegrationTest;
import dev.economy.app.TestTokens;
import dev.economy.messages.ledger.LedgerRules;
import dev.economy.messages.ledger.SystemAccount;
import java.time.Duration;
import java.util.UUID;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The metrics of docs/operations.md, "Monitoring", read the way Prometheus reads them: a real
 * scrape of /actuator/prometheus of the running backend, before and after real commands.
 */
class MetricsIT extends IntegrationTest {

  private static final Duration GAUGE_WAIT_MAX = Duration.ofSeconds(60);

  @LocalServerPort int port;
  @Autowired CommandGateway gateway;
  @Autowired JdbcTemplate jdbc;
  @Autowired EventProcessingConfiguration processing;

  private OpsLedger ledger;

  @BeforeEach
  void setUp() {
    ledger = new OpsLedger(gateway, jdbc);
  }

  @Test
  void commandsAreCountedByTypeAndOutcomeAndRefusalsByTheirCode() {
    String player = OpsLedger.uniquePlayer("metrics");
    ledger.openPlayer(player);
    Scrape before = Scrape.of(port);

    assertThat(
            ledger
                .transfer(
                    player + "-pay",
                    SystemAccount.PAYROLL.accountId(),
                    LedgerRules.walletAccountId(player),
                    100)
                .replayed())
        .isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                ledger.transfer(
                    player + "-too-much",
                    LedgerRules.walletAccountId(player),
                    LedgerRules.bankAccountId(player),
                    1_000))
        .isInstanceOf(CommandExecutionException.class);
    Scrape after = Scrape.of(port);

    assertThat(
            delta(
                before,
                after,
                "economy_commands_total",
                "command=\"TransferMoneyCommand\"",
                "outcome=\"accepted\""))
        .isEqualTo(1);
    assertThat(
            delta(
                before,
                after,
                "economy_commands_total",
                "command=\"TransferMoneyCommand\"",
                "outcome=\"rejected\""))
        .isEqualTo(1);
    assertThat(
            delta(
                before,
                after,
                "economy_commands_total",
                "command=\"TransferMoneyCommand\"",
                "outcome=\"failed\""))
        .isZero();
    assertThat(
            delta(
                before,
                after,
                "economy_command_rejections_total",
                "command=\"TransferMoneyCommand\"",
                "code=\"insufficient_funds\""))
        .isEqualTo(1);
    // Axon's own meters, by payload type (dimensional), are there as well.
    assertThat(after.names())
        .contains("commandBus_successCounter_total", "commandBus_failureCounter_total");
    assertThat(after.series())
        .containsKey(
            "commandBus_successCounter_total{application=\"economy\",payloadType=\"TransferMoneyCommand\"}");
    // The processors' meters (EventProcessorMetrics) count the events each one handled: the
    // accepted transfer's initiation is one for the settlement processor (the refused one wrote no
    // event); the account projection handled its debit and credit.
    await()
        .atMost(GAUGE_WAIT_MAX)
        .untilAsserted(
            () -> {
              Scrape now = Scrape.of(port);
              assertThat(
                      delta(
                          before,
                          now,
                          "eventProcessor_processedCounter_total",
                          "processorName=\"transfer-settlement\""))
                  .isGreaterThanOrEqualTo(1);
              assertThat(
                      delta(
                          before,
                          now,
                          "eventProcessor_successCounter_total",
                          "processorName=\"ledger-accounts\""))
                  .isGreaterThanOrEqualTo(2);
              assertThat(
                      delta(
                          before,
                          now,
                          "eventProcessor_failureCounter_total",
                          "processorName=\"ledger-accounts\""))
                  .isZero();
            });
  }

  @Test
  void theMoneySupplyGaugeFollowsTheSystemAccountsReadModel() {
    String player = OpsLedger.uniquePlayer("supply");
    ledger.openPlayer(player);
    ledger.transfer(
        player + "-grant",
        SystemAccount.ADMIN_GRANTS.accountId(),
        LedgerRules.walletAccountId(player),
        777);
    ledger.awaitBalance(LedgerRules.walletAccountId(player), 777);
    // The source's row is projected in its own sequence: wait until it shows the grant.
    await()
        .atMost(GAUGE_WAIT_MAX)
        .until(
            () ->
                jdbc.queryForObject(
                        "select balance_minor from money_supply where account_id = ?",
                        Long.class,
                        SystemAccount.ADMIN_GRANTS.accountId())
                    <= -777);

    await()
        .atMost(GAUGE_WAIT_MAX)
        .untilAsserted(
            () ->
                assertThat(
                        Scrape.of(port)
                            .value(
                                "economy_money_supply_balance_minor",
                                "account=\"system:admin-grants\"",
                                "kind=\"SYSTEM_SOURCE\""))
                    .isEqualTo(
                        (double)
                            jdbc.queryForObject(
                                "select balance_minor from money_supply where account_id = ?",
                                Long.class,
                                SystemAccount.ADMIN_GRANTS.accountId())));
  }

  @Test
  void deadLettersAreCountedPerProcessingGroup() {
    String id = UUID.randomUUID().toString();
    double before = Scrape.of(port).value("economy_dead_letters", "processor=\"ledger-accounts\"");
    assertThat(before).isZero();
    jdbc.update(
        "insert into deadletterentry (deadletteridentifier, processinggroup, sequenceidentifier,"
            + " sequenceindex, messagetype, eventidentifier, \"timestamp\", payloadtype, payload, enqueuedat)"
            + " values (?, 'ledger-accounts', ?, 0, 'org.axonframework.eventhandling.GenericEventMessage', ?,"
            + " '2026-01-01T00:00:00Z', 'test', '\\x7b7d'::bytea, '2026-01-01T00:00:00Z')",
        id,
        id,
        id);
    try {
      await()
          .atMost(GAUGE_WAIT_MAX)
          .untilAsserted(
              () ->
                  assertThat(
                          Scrape.of(port)
                              .value("economy_dead_letters", "processor=\"ledger-accounts\""))
                      .isEqualTo(1.0));
    } finally {
      jdbc.update("delete from deadletterentry where deadletteridentifier = ?", id);
    }
    await()
        .atMost(GAUGE_WAIT_MAX)
        .untilAsserted(
            () ->
                assertThat(
                        Scrape.of(port)
                            .value("economy_dead_letters", "processor=\"ledger-accounts\""))
                    .isZero());
  }

  @Test
  void projectionLagGrowsWhileAProcessorIsStoppedAndFallsBackToZeroWhenItCatchesUp() {
    StreamingEventProcessor inFlight =
        processing.eventProcessor("ledger-in-flight", StreamingEventProcessor.class).orElseThrow();
    await()
        .atMost(GAUGE_WAIT_MAX)
        .untilAsserted(
            () ->
                assertThat(
                        Scrape.of(port)
                            .value(
                                "economy_projection_lag_events", "processor=\"ledger-in-flight\""))
                    .isZero());
    inFlight.shutDown();
    try {
      ledger.openPlayer(OpsLedger.uniquePlayer("lag"));
      assertThat(
              Scrape.of(port)
                  .value("economy_projection_lag_events", "processor=\"ledger-in-flight\""))
          .isGreaterThanOrEqualTo(2);
      assertThat(
              Scrape.of(port)
                  .value("economy_projection_lag_events", "processor=\"ledger-accounts\""))
          .isLessThan(
              Scrape.of(port)
                  .value("economy_projection_lag_events", "processor=\"ledger-in-flight\""));
    } finally {
      inFlight.start();
    }
    await()
        .atMost(GAUGE_WAIT_MAX)
        .untilAsserted(
            () ->
                assertThat(
                        Scrape.of(port)
                            .value(
                                "economy_projection_lag_events", "processor=\"ledger-in-flight\""))
                    .isZero());
  }

  @Test
  void httpRequestsAreTimedWithHistogramBucketsAndTheJvmIsMeasured() {
    WebTestClient.bindToServer()
        .baseUrl("http://127.0.0.1:" + port)
        .build()
        .get()
        .uri("/api/v1/money-supply")
        .header(HttpHeaders.AUTHORIZATION, tokens().bearerFor(TestTokens.AUDITOR))
        .exchange()
        .expectStatus()
        .isOk();
    Scrape scrape = Scrape.of(port);
    assertThat(
            scrape.sum(
                "http_server_requests_seconds_count",
                "uri=\"/api/v1/money-supply\"",
                "status=\"200\""))
        .isGreaterThanOrEqualTo(1);
    assertThat(scrape.names())
        .contains(
            "http_server_requests_seconds_bucket",
            "jvm_memory_used_bytes",
            "jvm_gc_pause_seconds_count",
            "process_cpu_usage",
            "hikaricp_connections_active",
            "eventProcessor_latency");
  }

  @Test
  void livenessAndReadinessProbesAnswer() {
    WebTestClient http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    http.get()
        .uri("/actuator/health/liveness")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("UP");
    http.get()
        .uri("/actuator/health/readiness")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("UP")
        .jsonPath("$.components.db.status")
        .isEqualTo("UP")
        .jsonPath("$.components.redis")
        .doesNotExist();
  }

  private static double delta(Scrape before, Scrape after, String name, String... labels) {
    return after.sum(name, labels) - before.sum(name, labels);
  }
}
