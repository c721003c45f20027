package dev.economy.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The rebuild command replays the whole store in larger projection batches than the live
 * projections use (economy.rebuild-batch-size, 1000 by default); a running backend keeps its own.
 */
class RebuildBatchSizeTest {

  private static final String ACCOUNTS = "axon.eventhandling.processors.ledger-accounts.batch-size";
  private static final String IN_FLIGHT =
      "axon.eventhandling.processors.ledger-in-flight.batch-size";

  @Test
  void theRebuildCommandUsesTheRebuildBatchSize() {
    StandardEnvironment rebuild = environment(Map.of("economy.rebuild", "true"));
    assertThat(rebuild.getProperty(ACCOUNTS)).isEqualTo("1000");
    assertThat(rebuild.getProperty(IN_FLIGHT)).isEqualTo("1000");

    StandardEnvironment chosen =
        environment(Map.of("economy.rebuild", "true", "economy.rebuild-batch-size", "250"));
    assertThat(chosen.getProperty(ACCOUNTS)).isEqualTo("250");
  }

  @Test
  void aRunningBackendKeepsItsProjectionBatchSize() {
    StandardEnvironment running = environment(Map.of("economy.rebuild", "false", ACCOUNTS, "100"));
    assertThat(running.getProperty(ACCOUNTS)).isEqualTo("100");
    assertThat(running.getProperty(IN_FLIGHT)).isNull();
  }

  private static StandardEnvironment environment(Map<String, Object> properties) {
    Map<String, Object> all = new HashMap<>(properties);
    // A URL of its own: no embedded database is started (nothing connects while post-processing).
    all.put("economy.db.url", "jdbc:postgresql://127.0.0.1:5432/unused");
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("test", all));
    new DatabaseEnvironment().postProcessEnvironment(environment, new SpringApplication());
    return environment;
  }
}
