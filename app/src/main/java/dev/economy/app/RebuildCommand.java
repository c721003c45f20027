package dev.economy.app;

import dev.economy.projections.ledger.ProjectionRebuild;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The rebuild command (docs/operations.md, "Read models and rebuilding them"): with
 * economy.rebuild=true the application starts without its HTTP server, resets every projection,
 * replays the whole event store into the read models, prints how long it took, and exits.
 */
@Component
@ConditionalOnProperty(name = "economy.rebuild", havingValue = "true")
class RebuildCommand {

  private final ProjectionRebuild rebuild;
  private final ApplicationContext context;
  private final Duration timeout;

  RebuildCommand(
      ProjectionRebuild rebuild,
      ApplicationContext context,
      @Value("${economy.rebuild-timeout:PT6H}") Duration timeout) {
    this.rebuild = rebuild;
    this.context = context;
    this.timeout = timeout;
  }

  @EventListener(ApplicationReadyEvent.class)
  void rebuildAndExit() {
    ProjectionRebuild.Report report = rebuild.rebuild(timeout);
    System.out.printf(
        "rebuilt the read models from %d events in %.1f s (%.0f events/s)%n",
        report.events(), report.took().toNanos() / 1e9, report.eventsPerSecond());
    System.exit(SpringApplication.exit(context, () -> 0));
  }
}
