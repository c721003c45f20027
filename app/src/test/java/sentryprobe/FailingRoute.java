package sentryprobe;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A route that fails with an unexpected exception, for the Sentry test only. Outside dev.economy,
 * so the backend's component scan never picks it up: the test adds it to its own application.
 */
@RestController
public class FailingRoute {

  @GetMapping("/sentry-probe/{marker}")
  String fail(@PathVariable String marker) {
    throw new IllegalStateException("unexpected failure " + marker);
  }
}
