package dev.economy.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.economy.app.IntegrationTest;
import dev.economy.app.TestTokens;
import dev.economy.messages.ledger.LedgerRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.yaml.snakeyaml.Yaml;

/**
 * The Grafana dashboards (ops/grafana) and the alert rules (ops/prometheus/rules) read only metrics
 * the backend really exports: every metric name in their expressions must be in a real scrape of
 * /actuator/prometheus after some traffic. A renamed meter breaks this test, not a dashboard in
 * production.
 */
class DashboardsAndAlertsIT extends IntegrationTest {

  private static final Path DASHBOARDS = Tools.ROOT.resolve("ops/grafana/dashboards");
  private static final Path RULES = Tools.ROOT.resolve("ops/prometheus/rules");
  private static final Path DATASOURCES =
      Tools.ROOT.resolve("ops/grafana/provisioning/datasources/prometheus.yml");

  /** Written by Prometheus itself for every target, never by an application. */
  private static final Set<String> FROM_PROMETHEUS = Set.of("up");

  @LocalServerPort int port;
  @Autowired CommandGateway gateway;
  @Autowired JdbcTemplate jdbc;

  @Test
  void everyMetricInTheDashboardsAndAlertRulesIsInARealScrape() throws IOException {
    // Traffic that makes every lazily created meter appear: an accepted and a refused command,
    // an HTTP request.
    OpsLedger ledger = new OpsLedger(gateway, jdbc);
    String player = OpsLedger.uniquePlayer("dashboards");
    ledger.openPlayer(player);
    try {
      ledger.transfer(
          player + "-refused",
          LedgerRules.walletAccountId(player),
          LedgerRules.bankAccountId(player),
          5);
    } catch (RuntimeException refused) {
      // insufficient_funds, as intended
    }
    WebTestClient.bindToServer()
        .baseUrl("http://127.0.0.1:" + port)
        .build()
        .get()
        .uri("/api/v1/money-supply")
        .header(HttpHeaders.AUTHORIZATION, tokens().bearerFor(TestTokens.AUDITOR))
        .exchange()
        .expectStatus()
        .isOk();

    Map<String, Set<String>> used = new TreeMap<>();
    for (Map.Entry<String, String> expression : expressions().entrySet()) {
      used.computeIfAbsent(expression.getKey(), k -> new TreeSet<>())
          .addAll(PromQl.metricNames(expression.getValue()));
    }
    Set<String> all = new TreeSet<>();
    used.values().forEach(all::addAll);
    assertThat(all)
        .as("the expressions were read")
        .contains(
            "economy_commands_total",
            "economy_projection_lag_events",
            "economy_dead_letters",
            "economy_money_supply_balance_minor",
            "http_server_requests_seconds_bucket",
            "jvm_memory_used_bytes");

    Set<String> scraped = Scrape.of(port).names();
    List<String> missing = new ArrayList<>();
    used.forEach(
        (where, names) ->
            names.stream()
                .filter(name -> !FROM_PROMETHEUS.contains(name) && !scraped.contains(name))
                .forEach(name -> missing.add(name + " (" + where + ")")));
    assertThat(missing).as("metrics used but not exported").isEmpty();
  }

  @Test
  void theNameCheckWouldCatchAMissingMetric() {
    assertThat(
            PromQl.metricNames(
                "sum by (code) (rate(economy_command_rejections_total{code!=\"x\"}[5m])) > 1e6"
                    + " and on (code) histogram_quantile(0.99, sum by (le) (rate(no_such_metric_seconds_bucket[$__rate_interval])))"))
        .containsExactly("economy_command_rejections_total", "no_such_metric_seconds_bucket");
  }

  @Test
  void everyDashboardIsProvisionableAndUsesTheProvisionedDatasource() throws IOException {
    Map<String, Object> provisioning = new Yaml().load(Files.readString(DATASOURCES));
    @SuppressWarnings("unchecked")
    String uid =
        (String) ((List<Map<String, Object>>) provisioning.get("datasources")).get(0).get("uid");
    Set<String> uids = new HashSet<>();
    Set<String> titles = new TreeSet<>();
    for (Path file : files(DASHBOARDS, ".json")) {
      JsonNode dashboard = new ObjectMapper().readTree(file.toFile());
      assertThat(uids.add(dashboard.path("uid").asText())).as("unique uid in " + file).isTrue();
      titles.add(dashboard.path("title").asText());
      assertThat(dashboard.path("panels").size()).as(file.toString()).isPositive();
      for (JsonNode panel : dashboard.path("panels")) {
        assertThat(panel.path("datasource").path("uid").asText())
            .as(file + " " + panel.path("title"))
            .isEqualTo(uid);
        assertThat(panel.path("targets").size()).isPositive();
        for (JsonNode target : panel.path("targets")) {
          assertThat(target.path("expr").asText()).isNotBlank();
        }
      }
    }
    assertThat(titles)
        .containsExactlyInAnyOrder(
            "Economy: ledger", "Economy: services", "Economy: event processors", "Economy: JVM");
  }

  private static Map<String, String> expressions() throws IOException {
    Map<String, String> expressions = new TreeMap<>();
    for (Path file : files(DASHBOARDS, ".json")) {
      JsonNode dashboard = new ObjectMapper().readTree(file.toFile());
      int i = 0;
      for (JsonNode panel : dashboard.path("panels")) {
        for (JsonNode target : panel.path("targets")) {
          expressions.put(
              file.getFileName() + " / " + panel.path("title").asText() + " #" + i++,
              target.path("expr").asText());
        }
      }
    }
    for (Path file : files(RULES, ".yml")) {
      Map<String, Object> rules = new Yaml().load(Files.readString(file));
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> groups = (List<Map<String, Object>>) rules.get("groups");
      for (Map<String, Object> group : groups) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> list = (List<Map<String, Object>>) group.get("rules");
        for (Map<String, Object> rule : list) {
          expressions.put(
              file.getFileName() + " / " + rule.get("alert"), String.valueOf(rule.get("expr")));
        }
      }
    }
    assertThat(expressions).isNotEmpty();
    return expressions;
  }

  private static List<Path> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(suffix)).sorted().toList();
    }
  }
}
