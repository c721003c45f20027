package dev.economy.projections.ledger;

import dev.economy.messages.ledger.AccountCacheLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Keeps the query side's Redis cache of account details coherent (layout: {@link
 * AccountCacheLayout}): before a batch commits, each changed account's entry becomes a pending
 * marker carrying the new version, which makes readers go to PostgreSQL and refuses any older row a
 * slow reader might try to store. Redis is only a cache: when it is unreachable the batch commits
 * anyway, Redis is left alone except for one try per retry interval (so an outage does not cost
 * every batch a timeout), and the markers it missed are written as soon as it answers again; until
 * then (or if this process stops first) entries expire after the cache TTL.
 */
@Component
class AccountCacheMarkers {

  /** Bounds the memory kept for an outage; past it every cached account is dropped instead. */
  private static final int MISSED_MARKERS_MAX = 100_000;

  private static final int DELETE_BATCH_SIZE = 1000;
  private static final int WRITE_BATCH_SIZE = 1000;

  private static final Logger log = LoggerFactory.getLogger(AccountCacheMarkers.class);

  private static final RedisScript<Long> MARK_PENDING =
      RedisScript.of(AccountCacheLayout.MARK_PENDING_SCRIPT, Long.class);

  private final StringRedisTemplate redis;
  private final String ttlMillis;
  private final Duration ttl;
  private final long retryIntervalNanos;

  /** Guarded by this: what an outage kept from Redis, and whether it is going on. */
  private final Map<String, Long> missed = new HashMap<>();

  private boolean missedTooMany;
  private boolean down;
  private long nextTryNanos;

  AccountCacheMarkers(
      StringRedisTemplate redis,
      @Value("${economy.cache.ttl:PT5M}") Duration ttl,
      @Value("${economy.cache.retry-interval:PT5S}") Duration retryInterval) {
    this.redis = redis;
    this.ttl = ttl;
    this.ttlMillis = Long.toString(ttl.toMillis());
    this.retryIntervalNanos = retryInterval.toNanos();
  }

  void markPending(Map<String, Long> versions) {
    if (!mayTry(versions)) {
      return;
    }
    try {
      catchUp();
      write(versions);
      recovered();
    } catch (RuntimeException e) {
      failed(versions, e);
    }
  }

  synchronized void forgetAll() {
    try {
      deleteAll();
    } catch (RuntimeException e) {
      log.warn(
          "Redis is unreachable ({}): cached accounts could not be dropped for the rebuild; they expire"
              + " after {}",
          e.toString(),
          ttl);
    }
  }

  /** While Redis is down, only one batch per retry interval tries it; the others just remember. */
  private synchronized boolean mayTry(Map<String, Long> versions) {
    if (!down || System.nanoTime() - nextTryNanos >= 0) {
      nextTryNanos = System.nanoTime() + retryIntervalNanos;
      return true;
    }
    remember(versions);
    return false;
  }

  private synchronized void catchUp() {
    if (missedTooMany) {
      deleteAll();
      missedTooMany = false;
    }
    if (!missed.isEmpty()) {
      write(missed);
      missed.clear();
    }
  }

  private synchronized void recovered() {
    if (down) {
      down = false;
      log.info("Redis answers again: cache markers are written again");
    }
  }

  private synchronized void failed(Map<String, Long> versions, RuntimeException e) {
    if (!down) {
      down = true;
      log.warn(
          "Redis is unreachable ({}): the projections go on without it; the query side reads"
              + " PostgreSQL, and the missed cache markers are written when Redis is back",
          e.toString());
    }
    remember(versions);
  }

  private void write(Map<String, Long> versions) {
    // One script call per batch (per thousand accounts when catching up after an outage), on the
    // shared connection. A pipeline of one EVAL per account made Spring Data Redis open a dedicated
    // connection, a new TCP connection, for every batch: 1,350 in a 20-second benchmark phase.
    List<String> keys = new ArrayList<>();
    List<String> arguments = new ArrayList<>();
    for (Map.Entry<String, Long> account : versions.entrySet()) {
      keys.add(AccountCacheLayout.key(account.getKey()));
      arguments.add(Long.toString(account.getValue()));
      if (keys.size() == WRITE_BATCH_SIZE) {
        mark(keys, arguments);
      }
    }
    if (!keys.isEmpty()) {
      mark(keys, arguments);
    }
  }

  private void mark(List<String> keys, List<String> arguments) {
    arguments.add(ttlMillis);
    redis.execute(MARK_PENDING, keys, arguments.toArray());
    keys.clear();
    arguments.clear();
  }

  private void remember(Map<String, Long> versions) {
    versions.forEach((accountId, version) -> missed.merge(accountId, version, Math::max));
    if (missed.size() > MISSED_MARKERS_MAX) {
      missed.clear();
      missedTooMany = true;
    }
  }

  private void deleteAll() {
    List<String> keys = new ArrayList<>();
    ScanOptions everyAccount =
        ScanOptions.scanOptions()
            .match(AccountCacheLayout.KEY_PREFIX + "*")
            .count(DELETE_BATCH_SIZE)
            .build();
    try (Cursor<String> cursor = redis.scan(everyAccount)) {
      cursor.forEachRemaining(keys::add);
    }
    for (int from = 0; from < keys.size(); from += DELETE_BATCH_SIZE) {
      redis.delete(keys.subList(from, Math.min(keys.size(), from + DELETE_BATCH_SIZE)));
    }
  }
}
