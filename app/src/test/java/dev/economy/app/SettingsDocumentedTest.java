package dev.economy.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/settings.md promises every setting in its table, as does .env.example: a setting added to
 * application.yml, docker-compose.yml or the gateway template without its documentation fails here.
 */
class SettingsDocumentedTest {

  private static final Path ROOT = Path.of("..");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):");

  /** ${NAME}, ${NAME:-default}, ${NAME:?error} of docker-compose.yml ($$ escapes a literal $). */
  private static final Pattern COMPOSE_VARIABLE =
      Pattern.compile("(?<!\\$)\\$\\{([A-Z][A-Z0-9_]*)(?::?[-?][^}]*)?}");

  /**
   * The settings of the gateway template (its GATEWAY_* variables, listen ports and upstreams, are
   * pinned by docker-compose.yml).
   */
  private static final Pattern GATEWAY_VARIABLE = Pattern.compile("\\$\\{(ECONOMY_[A-Z0-9_]*)}");

  @Test
  void everySettingIsInTheSettingsTableAndInEnvExample() throws IOException {
    String yaml = Files.readString(Path.of("src/main/resources/application.yml"));
    Set<String> settings = new TreeSet<>();
    Matcher matcher = PLACEHOLDER.matcher(yaml);
    while (matcher.find()) {
      settings.add(matcher.group(1));
    }
    assertThat(settings).contains("ECONOMY_DB_URL", "AXON_SERVER_ENABLED");

    // The settings of the stack: docker-compose.yml's variables and the gateway template's.
    Matcher compose =
        COMPOSE_VARIABLE.matcher(Files.readString(ROOT.resolve("docker-compose.yml")));
    while (compose.find()) {
      settings.add(compose.group(1));
    }
    Matcher gateway =
        GATEWAY_VARIABLE.matcher(
            Files.readString(ROOT.resolve("ops/nginx/templates/economy.conf.template")));
    while (gateway.find()) {
      settings.add(gateway.group(1));
    }
    assertThat(settings).contains("ECONOMY_GATEWAY_CORS_ORIGIN", "ECONOMY_GRAFANA_ADMIN_PASSWORD");

    String readme = Files.readString(ROOT.resolve("docs/settings.md"));
    String envExample = Files.readString(ROOT.resolve(".env.example"));
    for (String setting : settings) {
      assertThat(readme)
          .as("docs/settings.md documents " + setting)
          .contains("| `" + setting + "` |");
      assertThat(envExample)
          .as(".env.example lists " + setting)
          .containsPattern("(?m)^" + setting + "=");
    }
  }
}
