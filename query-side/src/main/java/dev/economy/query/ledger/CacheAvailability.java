package dev.economy.query.ledger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Redis is worth asking. While it answers, every cache operation tries it. After a failure,
 * operations skip it and read PostgreSQL alone, except one probe per retry interval, so a dead
 * Redis costs one short timeout every few seconds instead of one per request; the probe that
 * succeeds brings the cache back. The log says so once per outage: a WARN when it starts, an INFO
 * when it ends, never one per request.
 */
class CacheAvailability {

  private static final Logger log = LoggerFactory.getLogger(CacheAvailability.class);

  /** How a cache operation may proceed. */
  enum Attempt {
    /** Redis is up as far as we know. */
    NORMAL,
    /** Redis was down; this operation finds out whether it is back. */
    PROBE,
    /** Redis is down: do not ask it. */
    SKIP
  }

  private final long retryIntervalNanos;
  private final Duration retryInterval;
  private final LongSupplier clock;
  private final AtomicBoolean available = new AtomicBoolean(true);
  private final AtomicLong nextProbeNanos = new AtomicLong();
  private final Runnable onRecovery;

  CacheAvailability(Duration retryInterval, Runnable onRecovery) {
    this(retryInterval, onRecovery, System::nanoTime);
  }

  CacheAvailability(Duration retryInterval, Runnable onRecovery, LongSupplier clock) {
    this.retryInterval = retryInterval;
    this.retryIntervalNanos = retryInterval.toNanos();
    this.onRecovery = onRecovery;
    this.clock = clock;
  }

  boolean available() {
    return available.get();
  }

  Attempt begin() {
    if (available.get()) {
      return Attempt.NORMAL;
    }
    long due = nextProbeNanos.get();
    long now = clock.getAsLong();
    // Only the caller that moves the probe time forward probes; the others skip.
    if (now - due >= 0 && nextProbeNanos.compareAndSet(due, now + retryIntervalNanos)) {
      return Attempt.PROBE;
    }
    return Attempt.SKIP;
  }

  void succeeded(Attempt attempt) {
    // Only a probe may end an outage: an operation that started before it could still succeed
    // late and would make the log flap between down and up.
    if (attempt == Attempt.PROBE && available.compareAndSet(false, true)) {
      log.info(
          "Redis answers again: the account cache is back in use (entries from before the outage are"
              + " dropped, since invalidations could not reach them)");
      onRecovery.run();
    }
  }

  void failed(Attempt attempt, Throwable cause) {
    nextProbeNanos.set(clock.getAsLong() + retryIntervalNanos);
    if (attempt == Attempt.NORMAL && available.compareAndSet(true, false)) {
      log.warn(
          "Redis does not answer ({}): reads are served from PostgreSQL alone until it is back;"
              + " trying it again every {}",
          describe(cause),
          retryInterval);
    } else {
      log.debug("Redis still unavailable: {}", describe(cause));
    }
  }

  private static String describe(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == cause ? cause.toString() : cause + ", caused by " + root;
  }
}
