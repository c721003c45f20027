package dev.economy.app;

import dev.economy.projections.ledger.ProjectionRebuild;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * One database setting for both drivers. When ECONOMY_DB_URL is not set, starts an embedded
 * PostgreSQL whose data lives under ECONOMY_DATA_DIR (./data), so one command runs the backend on a
 * machine with only a JDK and the data survives restarts. The R2DBC URL of the query side is
 * derived from the JDBC URL, so the two can never point at different databases.
 */
public class DatabaseEnvironment implements EnvironmentPostProcessor {

  private static EmbeddedPostgres embedded;

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
    Map<String, Object> derived = new HashMap<>();
    String jdbcUrl = env.getProperty("economy.db.url");
    String user = env.getProperty("economy.db.user", "postgres");
    String password = env.getProperty("economy.db.password", "");
    if (!StringUtils.hasText(jdbcUrl)) {
      Path dataDir =
          Path.of(env.getProperty("economy.data-dir", "./data"))
              .toAbsolutePath()
              .normalize()
              .resolve("postgres");
      int port = env.getProperty("economy.db.embedded-port", Integer.class, 54329);
      EmbeddedPostgres pg = startEmbedded(dataDir, port);
      jdbcUrl = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
      user = "postgres";
      password = "";
    }
    derived.put("spring.datasource.url", jdbcUrl);
    derived.put("spring.datasource.username", user);
    derived.put("spring.datasource.password", password);
    derived.put("spring.r2dbc.url", jdbcUrl.replaceFirst("^jdbc:", "r2dbc:"));
    derived.put("spring.r2dbc.username", user);
    derived.put("spring.r2dbc.password", password);
    if (env.getProperty("economy.rebuild", Boolean.class, false)) {
      // The rebuild command (RebuildCommand) serves nobody: no HTTP port to collide with a running
      // node.
      derived.put("spring.main.web-application-type", "none");
      // It replays the whole store: larger batches than the live projections' (fewer commits).
      String batchSize = env.getProperty("economy.rebuild-batch-size", "1000");
      for (String group : ProjectionRebuild.PROCESSING_GROUPS) {
        derived.put("axon.eventhandling.processors." + group + ".batch-size", batchSize);
      }
    }
    env.getPropertySources().addFirst(new MapPropertySource("economy-database", derived));
  }

  private static synchronized EmbeddedPostgres startEmbedded(Path dataDir, int port) {
    if (embedded != null) {
      return embedded;
    }
    try {
      Files.createDirectories(dataDir);
      boolean fresh = !Files.exists(dataDir.resolve("PG_VERSION"));
      embedded =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setPort(port)
              // Its own JVM hook would stop the database while the application is still stopping.
              .setRegisterShutdownHook(false)
              .start();
      System.out.println(
          "Embedded PostgreSQL "
              + (fresh ? "initialised" : "reopened")
              + " at "
              + dataDir
              + " (port "
              + port
              + "); set ECONOMY_DB_URL to use your own database.");
      // After the application context has closed (Spring runs its shutdown handlers then, one after
      // another), not in a JVM hook of its own: those run concurrently, and the database went away
      // under the projections and pools while they were still stopping.
      SpringApplication.getShutdownHandlers()
          .add(
              () -> {
                try {
                  embedded.close();
                } catch (IOException ignored) {
                  // the JVM is going away
                }
              });
      return embedded;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start embedded PostgreSQL under " + dataDir, e);
    }
  }
}
