package dev.economy.app;

import dev.economy.app.linking.LinkingStandIns;
import dev.economy.command.players.AccessTokens;
import dev.economy.testsupport.TestDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base of the integration tests: the whole backend in one JVM on a random port, against the real
 * PostgreSQL and Redis. Subclasses share one Spring context (same configuration), so keep per-class
 * configuration out of them: make ids unique per test instead. Metrics are exported as in
 * production (/actuator/prometheus), which Spring Boot's tests switch off by default.
 */
@AutoConfigureObservability(tracing = false)
@SpringBootTest(
    classes = EconomyApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IntegrationTest {
  static {
    TestDatabase.prepare();
    // Before the shared context starts: it is pointed at the local Discord and Steam.
    LinkingStandIns.start();
  }

  @LocalServerPort private int serverPort;
  @Autowired private AccessTokens issuer;
  private TestTokens tokens;

  /**
   * Real access tokens for this test instance (service tokens through the endpoint, player tokens
   * from the issuer).
   */
  protected TestTokens tokens() {
    if (tokens == null) {
      tokens = new TestTokens(serverPort, issuer);
    }
    return tokens;
  }
}
