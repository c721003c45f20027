package dev.economy.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * Every role (command side, projections, query side, sagas) in one JVM: the default deployment.
 * ECONOMY_ROLES runs a subset ({@link EconomyRoles}); @SpringBootApplication's scan, plus that
 * filter. With the first argument {@code service-client} the jar makes a service client's
 * credentials instead ({@link ServiceClientCommand}) and exits.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(
    basePackages = "dev.economy",
    excludeFilters = {
      @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
      @ComponentScan.Filter(
          type = FilterType.CUSTOM,
          classes = AutoConfigurationExcludeFilter.class),
      @ComponentScan.Filter(type = FilterType.CUSTOM, classes = EconomyRoles.class)
    })
public class EconomyApplication {

  public static void main(String[] args) {
    if (args.length > 0 && ServiceClientCommand.NAME.equals(args[0])) {
      // A command of the jar, not the server: no Spring, no database, no web server.
      System.exit(
          ServiceClientCommand.run(
              java.util.Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
    }
    // Axon's update checker phones home; this backend must not call out to the internet.
    System.setProperty("axoniq.update-checker.disabled", "true");
    SpringApplication.run(EconomyApplication.class, args);
  }
}
