package dev.economy.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ECONOMY_LOG_FORMAT=ecs (or logstash) turns every log line into one JSON object; empty (the
 * default) keeps the human-readable lines. Run in JVMs of their own: the logging system is global.
 */
class StructuredLogsTest {

  private static final String PROBE = "structured log probe";

  @Test
  void ecsFormatWritesOneJsonObjectPerLine() throws Exception {
    String line = probeLine("ecs");
    JsonNode json = new ObjectMapper().readTree(line);
    assertThat(json.path("message").asText()).isEqualTo(PROBE);
    // Spring Boot 3.5 nests the ECS fields (log.level is {"log":{"level":...}}).
    assertThat(json.path("log").path("level").asText()).isEqualTo("INFO");
    assertThat(json.has("@timestamp")).isTrue();
    assertThat(json.path("service").path("name").asText()).isEqualTo("economy");
  }

  @Test
  void logstashFormatWritesOneJsonObjectPerLine() throws Exception {
    JsonNode json = new ObjectMapper().readTree(probeLine("logstash"));
    assertThat(json.path("message").asText()).isEqualTo(PROBE);
    assertThat(json.path("level").asText()).isEqualTo("INFO");
  }

  @Test
  void theDefaultIsPlainText() throws Exception {
    String line = probeLine("");
    assertThat(line).doesNotStartWith("{").contains(" INFO ").contains(PROBE);
  }

  private static String probeLine(String format) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LogFormatProbe.class.getName(),
                // Set, so that no embedded database starts; the probe never connects.
                "--economy.db.url=jdbc:postgresql://127.0.0.1:1/none"));
    Tools.Result result = Tools.run(Path.of("."), 120, command, "ECONOMY_LOG_FORMAT", format);
    assertThat(result.exitCode()).as(result.output()).isZero();
    return result
        .output()
        .lines()
        .filter(l -> l.contains(PROBE))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no probe line in:\n" + result.output()));
  }
}
