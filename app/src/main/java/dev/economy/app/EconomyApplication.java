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
 * filter.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(basePackages = "dev.economy", excludeFilters = {
    @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
    @ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
    @ComponentScan.Filter(type = FilterType.CUSTOM, classes = EconomyRoles.class)})
public class EconomyApplication {

  public static void main(String[] args) {
    // Axon's update checker phones home; this backend must not call out to the internet.
    System.setProperty("axoniq.update-checker.disabled", "true");
    SpringApplication.run(EconomyApplication.class, args);
  }
}
