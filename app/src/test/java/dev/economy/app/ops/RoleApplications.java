package dev.economy.app.ops;

import dev.economy.app.EconomyApplication;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The backend started by a test as an operator starts one role (ECONOMY_ROLES), on a random port,
 * against a database of the test's own, with small pools (PostgreSQL's connections are shared with
 * every other test JVM of the machine). Never give two applications of one JVM the same processor
 * on the same database: Axon names token owners after the JVM, so both would think they own it.
 */
final class RoleApplications {

  private RoleApplications() {}

  static ConfigurableApplicationContext start(String roles, String jdbcUrl, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--economy.roles=" + roles,
                "--server.port=0",
                "--economy.db.url=" + jdbcUrl,
                "--spring.datasource.hikari.maximum-pool-size=4",
                "--spring.datasource.hikari.minimum-idle=1",
                "--spring.r2dbc.pool.initial-size=1",
                "--spring.r2dbc.pool.max-size=2"));
    args.addAll(List.of(extra));
    return new SpringApplicationBuilder(EconomyApplication.class).run(args.toArray(String[]::new));
  }

  static int port(ConfigurableApplicationContext context) {
    return ((ReactiveWebServerApplicationContext) context).getWebServer().getPort();
  }
}
