package dev.economy.app;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.core.type.filter.TypeFilter;

/**
 * Which roles this JVM runs (economy.roles, ECONOMY_ROLES; default all four): a role that is off
 * loses its whole module from the component scan, so its controllers, command handlers, aggregates,
 * event processors and start-up work (opening the system accounts) never exist here.
 *
 * <ul>
 *   <li>command: {@code dev.economy.command..} (the HTTP command API, aggregates, transfer
 *       settlement, login and tokens)
 *   <li>query: {@code dev.economy.query..} (the HTTP read API, SSE, the Redis cache)
 *   <li>projections: {@code dev.economy.projections..} (the read-model processors)
 *   <li>sagas: {@code dev.economy.sagas..}
 * </ul>
 *
 * <p>Every role keeps the assembly itself (metrics, Flyway) and the web support of every role
 * ({@code dev.economy.web..}: problem+json, the caller seam and the verification half of the
 * tokens), so any role verifies the callers it serves.
 */
public final class EconomyRoles implements TypeFilter, EnvironmentAware {

  public static final String PROPERTY = "economy.roles";

  private static final Map<String, String> PACKAGES =
      Map.of(
          "command", "dev.economy.command.",
          "query", "dev.economy.query.",
          "projections", "dev.economy.projections.",
          "sagas", "dev.economy.sagas.");

  private Set<String> roles = Set.copyOf(PACKAGES.keySet());

  /** The roles of a setting such as "command,query"; refuses unknown and empty ones. */
  public static Set<String> parse(String setting) {
    Set<String> roles = new LinkedHashSet<>();
    for (String part : setting == null ? List.<String>of() : Arrays.asList(setting.split(","))) {
      String role = part.trim().toLowerCase(Locale.ROOT);
      if (role.isEmpty()) {
        continue;
      }
      if (!PACKAGES.containsKey(role)) {
        throw new IllegalArgumentException(
            "ECONOMY_ROLES: unknown role '"
                + part.trim()
                + "'; the roles are command, query, projections, sagas (comma-separated)");
      }
      roles.add(role);
    }
    if (roles.isEmpty()) {
      throw new IllegalArgumentException(
          "ECONOMY_ROLES is empty: name at least one of command, query, projections," + " sagas");
    }
    return roles;
  }

  @Override
  public void setEnvironment(Environment environment) {
    this.roles = parse(environment.getProperty(PROPERTY, String.join(",", PACKAGES.keySet())));
  }

  @Override
  public boolean match(MetadataReader reader, MetadataReaderFactory factory) throws IOException {
    String className = reader.getClassMetadata().getClassName();
    for (Map.Entry<String, String> role : PACKAGES.entrySet()) {
      if (className.startsWith(role.getValue())) {
        return !roles.contains(role.getKey());
      }
    }
    return false;
  }
}
