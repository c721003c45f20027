package dev.economy.app.ops;

import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring application with the backend's application.yml and nothing else, run in a JVM of its own
 * by {@link StructuredLogsTest}: it logs one line and exits.
 */
@SpringBootConfiguration
public class LogFormatProbe {

  public static void main(String[] args) {
    SpringApplication application = new SpringApplication(LogFormatProbe.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    try (ConfigurableApplicationContext context = application.run(args)) {
      LoggerFactory.getLogger(LogFormatProbe.class).info("structured log probe");
    }
  }
}
