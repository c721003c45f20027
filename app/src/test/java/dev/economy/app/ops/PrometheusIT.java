package dev.economy.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.economy.app.IntegrationTest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.util.FileSystemUtils;
import org.yaml.snakeyaml.Yaml;

/**
 * ops/prometheus checked by promtool (config, rules and the alert unit tests), then the real
 * Prometheus running that configuration, with the economy job pointed at the running backend: it
 * scrapes it, loads every alert rule, and answers a query for one of the backend's metrics.
 */
class PrometheusIT extends IntegrationTest {

  private static final Path PROMETHEUS_DIR = Tools.ROOT.resolve("ops/prometheus");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @LocalServerPort int port;

  @Test
  void promtoolAcceptsTheConfigurationAndTheRulesAndTheAlertTestsPass() throws Exception {
    String promtool = Tools.binary("promtool").toString();
    Tools.Result config =
        Tools.run(PROMETHEUS_DIR, 60, List.of(promtool, "check", "config", "prometheus.yml"));
    assertThat(config.exitCode()).as(config.output()).isZero();
    assertThat(config.output()).contains("SUCCESS");
    Tools.Result rules =
        Tools.run(
            PROMETHEUS_DIR, 60, List.of(promtool, "check", "rules", "rules/economy-alerts.yml"));
    assertThat(rules.exitCode()).as(rules.output()).isZero();
    assertThat(rules.output()).contains("SUCCESS: 8 rules found");
    Tools.Result tests =
        Tools.run(
            PROMETHEUS_DIR,
            120,
            List.of(promtool, "test", "rules", "tests/economy-alerts-test.yml"));
    assertThat(tests.exitCode()).as(tests.output()).isZero();
    assertThat(tests.output()).contains("SUCCESS");
  }

  @Test
  void theRealPrometheusScrapesTheBackendAndAnswersAQueryForItsMetrics() throws Exception {
    Path work = Files.createTempDirectory("prometheus-it");
    int prometheusPort = Tools.freePort();
    Files.writeString(work.resolve("prometheus.yml"), configFor(work, "127.0.0.1:" + port));
    Process prometheus =
        new ProcessBuilder(
                Tools.binary("prometheus").toString(),
                "--config.file=" + work.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + work.resolve("data"),
                "--web.listen-address=127.0.0.1:" + prometheusPort)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("prometheus.log").toFile())
            .start();
    try {
      String base = "http://127.0.0.1:" + prometheusPort;
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                JsonNode result =
                    get(base
                            + "/api/v1/query?query="
                            + URLEncoder.encode(
                                "economy_commands_total{command=\"OpenAccountCommand\",outcome=\"accepted\"}",
                                StandardCharsets.UTF_8))
                        .path("data")
                        .path("result");
                assertThat(result.size()).isPositive();
                assertThat(result.get(0).path("metric").path("job").asText()).isEqualTo("economy");
                // The five system accounts are opened at every start: at least five accepted.
                assertThat(result.get(0).path("value").get(1).asDouble()).isGreaterThanOrEqualTo(5);
              });
      JsonNode targets = get(base + "/api/v1/targets").path("data").path("activeTargets");
      assertThat(targets)
          .anySatisfy(
              t -> {
                assertThat(t.path("labels").path("job").asText()).isEqualTo("economy");
                assertThat(t.path("health").asText()).isEqualTo("up");
              });
      Set<String> alerts = new TreeSet<>();
      for (JsonNode group : get(base + "/api/v1/rules").path("data").path("groups")) {
        for (JsonNode rule : group.path("rules")) {
          assertThat(rule.path("health").asText())
              .as(rule.path("name").asText())
              .isNotEqualTo("err");
          alerts.add(rule.path("name").asText());
        }
      }
      assertThat(alerts)
          .contains(
              "EconomyProjectionLagging",
              "EconomyDeadLetters",
              "EconomyHttpErrorRate",
              "EconomyHttpLatencyP99",
              "EconomyMoneySupplyJump");
    } finally {
      prometheus.destroy();
      if (!prometheus.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        prometheus.destroyForcibly();
      }
      FileSystemUtils.deleteRecursively(work);
    }
  }

  /** ops/prometheus/prometheus.yml with the economy job's targets replaced by the test backend. */
  @SuppressWarnings("unchecked")
  private static String configFor(Path work, String target) throws Exception {
    Map<String, Object> config =
        new Yaml().load(Files.readString(PROMETHEUS_DIR.resolve("prometheus.yml")));
    Map<String, Object> global = (Map<String, Object>) config.get("global");
    global.put("scrape_interval", "1s");
    global.put("evaluation_interval", "1s");
    List<String> ruleFiles = new ArrayList<>();
    for (String ruleFile : (List<String>) config.get("rule_files")) {
      ruleFiles.add(PROMETHEUS_DIR.resolve(ruleFile).toString());
    }
    config.put("rule_files", ruleFiles);
    List<Map<String, Object>> jobs = new ArrayList<>();
    for (Map<String, Object> job : (List<Map<String, Object>>) config.get("scrape_configs")) {
      if ("economy".equals(job.get("job_name"))) {
        job.put("scrape_timeout", "1s");
        Map<String, Object> staticConfig = new LinkedHashMap<>();
        staticConfig.put("targets", List.of(target));
        staticConfig.put("labels", Map.of("role", "all"));
        job.put("static_configs", List.of(staticConfig));
        jobs.add(job);
      }
    }
    assertThat(jobs).as("the economy job of prometheus.yml").hasSize(1);
    config.put("scrape_configs", jobs);
    return new Yaml().dump(config);
  }

  private static JsonNode get(String uri) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new ObjectMapper().readTree(response.body());
  }
}
