package dev.economy.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml validated by the real docker-compose (`config`: it parses, interpolates and
 * checks the whole file; no Docker engine is needed), in a copy of the checkout whose .env is
 * .env.example with its secrets filled, as an operator prepares it; and what the topology promises:
 * the services, one Dockerfile for the four roles, their roles, health checks, restart policies,
 * named volumes, the optional game server. No image is built or run here (no Docker engine on this
 * machine).
 */
class ComposeFileTest {

  private Path project;

  @BeforeEach
  void aCheckoutWithAnEnvFile() throws Exception {
    project = Files.createTempDirectory("compose-it");
    for (String entry : List.of("docker-compose.yml", "ops", "axon-server", ".env.example")) {
      Files.createSymbolicLink(project.resolve(entry), Tools.ROOT.resolve(entry));
    }
    String env =
        Files.readString(Tools.ROOT.resolve(".env.example"))
            .replaceFirst("(?m)^ECONOMY_DB_PASSWORD=$", "ECONOMY_DB_PASSWORD=compose-test-secret")
            .replaceFirst(
                "(?m)^ECONOMY_GRAFANA_ADMIN_PASSWORD=$",
                "ECONOMY_GRAFANA_ADMIN_PASSWORD=compose-test-secret");
    Files.writeString(project.resolve(".env"), env);
  }

  @AfterEach
  void removeIt() throws Exception {
    FileSystemUtils.deleteRecursively(project);
  }

  @Test
  @SuppressWarnings("unchecked")
  void dockerComposeAcceptsTheFileAndItHoldsTheWholeTopology() throws Exception {
    Tools.Result config =
        Tools.run(
            project,
            120,
            List.of(Tools.binary("docker-compose").toString(), "--profile", "game", "config"));
    assertThat(config.exitCode()).as(config.output()).isZero();
    Map<String, Object> resolved =
        new Yaml().load(config.output().substring(config.output().indexOf("services:")));
    Map<String, Map<String, Object>> services =
        (Map<String, Map<String, Object>>) resolved.get("services");
    assertThat(services.keySet())
        .containsExactlyInAnyOrder(
            "axonserver",
            "postgres",
            "redis",
            "command",
            "query",
            "projections",
            "sagas",
            "gateway",
            "prometheus",
            "grafana",
            "game-server");

    for (String role : List.of("command", "query", "projections", "sagas")) {
      Map<String, Object> service = services.get(role);
      Map<String, Object> build = (Map<String, Object>) service.get("build");
      assertThat(build.get("dockerfile")).as(role).isEqualTo("ops/Dockerfile");
      Map<String, Object> environment = (Map<String, Object>) service.get("environment");
      assertThat(environment.get("ECONOMY_ROLES")).as(role).isEqualTo(role);
      assertThat(environment.get("AXON_SERVER_ENABLED")).isEqualTo("true");
      assertThat(environment.get("AXON_SERVER_ADDRESS")).isEqualTo("axonserver:8124");
      assertThat(environment.get("ECONOMY_DB_PASSWORD"))
          .as("the secret comes from .env")
          .isEqualTo("compose-test-secret");
      // The roles believe the gateway's X-Forwarded-For, and only the gateway's.
      assertThat(environment.get("ECONOMY_HTTP_TRUSTED_PROXIES"))
          .isEqualTo(
              String.valueOf(
                  ((Map<String, Map<String, Object>>) services.get("gateway").get("networks"))
                      .get("backend")
                      .get("ipv4_address")));
    }
    for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
      assertThat(service.getValue().get("restart"))
          .as(service.getKey())
          .isEqualTo("unless-stopped");
      if (!service.getKey().equals("axonserver") && !service.getKey().equals("game-server")) {
        assertThat(service.getValue())
            .as(service.getKey() + " has a health check")
            .containsKey("healthcheck");
      }
    }
    assertThat(((Map<String, Object>) resolved.get("volumes")).keySet())
        .contains(
            "postgres-data",
            "redis-data",
            "axonserver-events",
            "axonserver-data",
            "prometheus-data",
            "grafana-data");
    assertThat(services.get("game-server").get("profiles")).isEqualTo(List.of("game"));
    assertThat(String.valueOf(services.get("game-server").get("volumes")))
        .contains("altv-gateway-resource");
    assertThat(String.valueOf(services.get("axonserver").get("volumes")))
        .contains("axon-server/axonserver.properties");
    assertThat(String.valueOf(services.get("gateway").get("volumes")))
        .contains("ops/nginx/templates");
    assertThat(String.valueOf(services.get("grafana").get("volumes")))
        .contains("ops/grafana/provisioning")
        .contains("ops/grafana/dashboards");
    assertThat(String.valueOf(services.get("prometheus").get("volumes")))
        .contains("ops/prometheus");
  }

  @Test
  void aMissingSecretStopsComposeWithItsName() throws Exception {
    Files.writeString(
        project.resolve(".env"),
        Files.readString(project.resolve(".env"))
            .replaceFirst("(?m)^ECONOMY_DB_PASSWORD=.*$", "ECONOMY_DB_PASSWORD="));
    Tools.Result config =
        Tools.run(project, 120, List.of(Tools.binary("docker-compose").toString(), "config"));
    assertThat(config.exitCode()).isNotZero();
    assertThat(config.output()).contains("set ECONOMY_DB_PASSWORD in .env");
  }

  @Test
  void theDockerfileIsMultiStageRunsWithoutPrivilegesAndChecksItsHealth() throws Exception {
    String dockerfile = Files.readString(Tools.ROOT.resolve("ops/Dockerfile"));
    assertThat(Pattern.compile("(?m)^FROM ").matcher(dockerfile).results().count()).isEqualTo(2);
    assertThat(dockerfile).containsPattern("(?m)^USER economy");
    assertThat(dockerfile).containsPattern("(?m)^HEALTHCHECK .*\\n.*actuator/health/readiness");
    // Every file the build copies from the checkout exists.
    Matcher copies = Pattern.compile("(?m)^COPY (?!--from)(.+) \\S+$").matcher(dockerfile);
    int count = 0;
    while (copies.find()) {
      for (String source : copies.group(1).trim().split("\\s+")) {
        assertThat(Tools.ROOT.resolve(source)).as("COPY " + source).exists();
        count++;
      }
    }
    assertThat(count).isGreaterThan(5);
    // Maven reads the pom of every module the root pom lists, so the build stage copies them all.
    Matcher modules =
        Pattern.compile("<module>([^<]+)</module>")
            .matcher(Files.readString(Tools.ROOT.resolve("pom.xml")));
    while (modules.find()) {
      assertThat(dockerfile)
          .as("the Dockerfile copies the pom of module " + modules.group(1))
          .containsPattern("(?m)^COPY " + Pattern.quote(modules.group(1) + "/pom.xml") + " ");
    }
    assertThat(
            Set.of(
                Tools.ROOT.resolve("axon-server/axonserver.properties"),
                Tools.ROOT.resolve("axon-server/axonserver-production.properties"),
                Tools.ROOT.resolve("axon-server/README.md")))
        .allSatisfy(path -> assertThat(path).isNotEmptyFile());
  }
}
