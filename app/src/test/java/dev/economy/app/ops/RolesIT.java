package dev.economy.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.economy.app.EconomyApplication;
import dev.economy.app.IntegrationTest;
import dev.economy.app.TestPlayers;
import dev.economy.app.TestTokens;
import dev.economy.command.players.AccessTokens;
import dev.economy.messages.ledger.AccountKind;
import dev.economy.messages.ledger.LedgerRules;
import dev.economy.messages.ledger.OpenAccountCommand;
import dev.economy.messages.ledger.SystemAccount;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * ECONOMY_ROLES: the default runs every role in one JVM (the shared test context); each role also
 * runs alone. Here the command, projections and query roles run as three applications sharing one
 * PostgreSQL event store (no Axon Server: events travel through the event store's table), each with
 * only its own controllers, handlers and processors, and together they move money end to end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RolesIT extends IntegrationTest {

  private static final Duration WAIT_MAX = Duration.ofSeconds(90);

  @Autowired EventProcessingConfiguration defaultProcessing;

  private ConfigurableApplicationContext command;
  private ConfigurableApplicationContext projections;
  private ConfigurableApplicationContext query;

  @BeforeAll
  void startEachRoleAlone() throws Exception {
    String database = SentryIT.OwnDatabase.create("roles");
    command = RoleApplications.start("command", database);
    projections = RoleApplications.start("projections", database);
    query = RoleApplications.start("query", database);
  }

  @AfterAll
  void stopThem() {
    for (ConfigurableApplicationContext context :
        new ConfigurableApplicationContext[] {query, projections, command}) {
      if (context != null) {
        context.close();
      }
    }
  }

  @Test
  void theDefaultRunsEveryRoleInOneJvm() {
    assertThat(defaultProcessing.eventProcessors().keySet())
        .contains("transfer-settlement", "ledger-accounts", "ledger-in-flight");
  }

  @Test
  void eachRoleRunsOnlyItsOwnProcessors() {
    assertThat(processors(command))
        .contains("transfer-settlement")
        .doesNotContain("ledger-accounts", "ledger-in-flight");
    assertThat(processors(projections))
        .contains("ledger-accounts", "ledger-in-flight")
        .doesNotContain("transfer-settlement");
    assertThat(processors(query)).as("the query role runs no processor").isEmpty();
  }

  @Test
  void onlyTheCommandRoleHandlesCommands() {
    OpenAccountCommand open =
        new OpenAccountCommand(
            LedgerRules.walletAccountId(OpsLedger.uniquePlayer("roles")),
            "nobody",
            AccountKind.WALLET,
            "roles-it");
    assertThatThrownBy(() -> query.getBean(CommandGateway.class).sendAndWait(open))
        .isInstanceOf(NoHandlerForCommandException.class);
    assertThatThrownBy(() -> projections.getBean(CommandGateway.class).sendAndWait(open))
        .isInstanceOf(NoHandlerForCommandException.class);
    command.getBean(CommandGateway.class).sendAndWait(open);
  }

  @Test
  void theRolesTogetherMoveMoneyAndEachServesOnlyItsRoutes() {
    TestTokens tokens =
        new TestTokens(RoleApplications.port(command), command.getBean(AccessTokens.class));
    String admin = tokens.bearerFor(TestTokens.ADMIN);
    WebTestClient commandHttp = http(command);
    WebTestClient queryHttp = http(query);
    WebTestClient projectionsHttp = http(projections);
    // A player registered through the command role (which opens the wallet and bank as it
    // registers).
    String player =
        TestPlayers.registerOverHttp("http://localhost:" + RoleApplications.port(command), "roles")
            .path("playerId")
            .asText();
    String wallet = LedgerRules.walletAccountId(player);

    // The command role accepts commands (and writes them to the PostgreSQL event store).
    commandHttp
        .post()
        .uri("/api/v1/players/{playerId}/accounts", player)
        .header(HttpHeaders.AUTHORIZATION, admin)
        .exchange()
        .expectStatus()
        .is2xxSuccessful();
    commandHttp
        .post()
        .uri("/api/v1/transfers")
        .header(HttpHeaders.AUTHORIZATION, admin)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            Map.of(
                "idempotencyKey",
                player + "-salary",
                "fromAccountId",
                SystemAccount.PAYROLL.accountId(),
                "toAccountId",
                wallet,
                "amountMinor",
                500,
                "reasonCode",
                "salary"))
        .exchange()
        .expectStatus()
        .is2xxSuccessful();

    // The projections role projects it, the query role serves it.
    await()
        .atMost(WAIT_MAX)
        .untilAsserted(
            () ->
                queryHttp
                    .get()
                    .uri("/api/v1/accounts/{accountId}", wallet)
                    .header(HttpHeaders.AUTHORIZATION, admin)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.balanceMinor")
                    .isEqualTo(500)
                    .jsonPath("$.inFlightOutMinor")
                    .isEqualTo(0));

    // Each serves only its own routes.
    queryHttp
        .post()
        .uri("/api/v1/transfers")
        .header(HttpHeaders.AUTHORIZATION, admin)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of())
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo("not_found");
    commandHttp
        .get()
        .uri("/api/v1/money-supply")
        .header(HttpHeaders.AUTHORIZATION, admin)
        .exchange()
        .expectStatus()
        .isNotFound();
    projectionsHttp
        .get()
        .uri("/api/v1/money-supply")
        .header(HttpHeaders.AUTHORIZATION, admin)
        .exchange()
        .expectStatus()
        .isNotFound();
    projectionsHttp
        .post()
        .uri("/api/v1/transfers")
        .header(HttpHeaders.AUTHORIZATION, admin)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of())
        .exchange()
        .expectStatus()
        .isNotFound();
    // And every role answers its probes and metrics.
    for (WebTestClient role : new WebTestClient[] {commandHttp, queryHttp, projectionsHttp}) {
      role.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
      role.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
    }
  }

  @Test
  void anUnknownRoleStopsTheStartWithAClearMessage() {
    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(EconomyApplication.class)
                    .run("--economy.roles=command,projection", "--server.port=0"))
        .hasStackTraceContaining("unknown role 'projection'");
  }

  private static Set<String> processors(ConfigurableApplicationContext context) {
    return context.getBean(EventProcessingConfiguration.class).eventProcessors().keySet();
  }

  private static WebTestClient http(ConfigurableApplicationContext context) {
    return WebTestClient.bindToServer()
        .baseUrl("http://127.0.0.1:" + RoleApplications.port(context))
        .responseTimeout(Duration.ofSeconds(30))
        .build();
  }
}
