package dev.economy.app;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * Base of the integration tests: the whole backend in one JVM on a random port, against the real
 * PostgreSQL and Redis. Subclasses share one Spring context (same configuration), so keep
 * per-class configuration out of them: make ids unique per test instead.
 */
@SpringBootTest(classes = EconomyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IntegrationTest {
  static {
    TestDatabase.prepare();
  }
}
