package dev.economy.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Every role (command side, projections, query side, sagas) in one JVM: the default deployment. */
@SpringBootApplication(scanBasePackages = "dev.economy")
public class EconomyApplication {

  public static void main(String[] args) {
    // Axon's update checker phones home; this backend must not call out to the internet.
    System.setProperty("axoniq.update-checker.disabled", "true");
    SpringApplication.run(EconomyApplication.class, args);
  }
}
