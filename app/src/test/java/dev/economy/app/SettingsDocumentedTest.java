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
 * The README promises every setting in its table and in .env.example: a setting added to
 * application.yml without its documentation fails here.
 */
class SettingsDocumentedTest {

  private static final Path ROOT = Path.of("..");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):");

  @Test
  void everySettingIsInTheReadmeTableAndInEnvExample() throws IOException {
    String yaml = Files.readString(Path.of("src/main/resources/application.yml"));
    Set<String> settings = new TreeSet<>();
    Matcher matcher = PLACEHOLDER.matcher(yaml);
    while (matcher.find()) {
      settings.add(matcher.group(1));
    }
    assertThat(settings).contains("ECONOMY_DB_URL", "AXON_SERVER_ENABLED");

    String readme = Files.readString(ROOT.resolve("README.md"));
    String envExample = Files.readString(ROOT.resolve(".env.example"));
    for (String setting : settings) {
      assertThat(readme).as("README.md documents " + setting).contains("| `" + setting + "` |");
      assertThat(envExample).as(".env.example lists " + setting).containsPattern("(?m)^" + setting + "=");
    }
  }
}
