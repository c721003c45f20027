package dev.economy.projections.bank;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.stereotype.Component;

/**
 * Keeps the query side's Redis cache of account details coherent (the contract is in
 * query-side's AccountCache): before a batch commits, each changed account's entry becomes a
 * pending marker carrying the new version, which makes readers go to PostgreSQL and refuses any
 * older row a slow reader might try to store. Redis is only a cache: when it is unreachable the
 * batch commits anyway, and the markers it missed are written as soon as Redis answers again;
 * until then (or if this process stops first) entries expire after the cache TTL.
 */
@Component
class AccountCacheMarkers {

  static final String KEY_PREFIX = "economy:account:";
  /** Bounds the memory kept for an outage; past it every cached account is dropped instead. */
  private static final int MISSED_MARKERS_MAX = 100_000;

  private static final Logger log = LoggerFactory.getLogger(AccountCacheMarkers.class);

  /** Sets {version, data=""} unless the entry already has this version or a newer one. */
  private static final DefaultRedisScript<Long> MARK_PENDING = new DefaultRedisScript<>("""
      local current = redis.call('HGET', KEYS[1], 'version')
      if current and tonumber(current) >= tonumber(ARGV[1]) then return 0 end
      redis.call('HSET', KEYS[1], 'version', ARGV[1], 'data', '')
      redis.call('PEXPIRE', KEYS[1], ARGV[2])
      return 1
      """, Long.class);

  private final StringRedisTemplate redis;
  private final Duration ttl;
  private final Map<String, Long> missed = new HashMap<>();
  private boolean missedTooMany;
  private boolean down;

  AccountCacheMarkers(StringRedisTemplate redis, @Value("${economy.cache.ttl:PT5M}") Duration ttl) {
    this.redis = redis;
    this.ttl = ttl;
  }

  synchronized void markPending(Map<String, Long> versions) {
    try {
      catchUp();
      write(versions);
      if (down) {
        down = false;
        log.info("Redis answers again: cache markers are written again");
      }
    } catch (RuntimeException e) {
      if (!down) {
        down = true;
        log.warn("Redis is unreachable ({}): the projections go on without it; the query side reads"
            + " PostgreSQL, and the missed cache markers are written when Redis is back", e.toString());
      }
      remember(versions);
    }
  }

  synchronized void forgetAll() {
    try {
      deleteAll();
    } catch (RuntimeException e) {
      log.warn("Redis is unreachable ({}): cached accounts could not be dropped for the rebuild; they expire"
          + " after {}", e.toString(), ttl);
    }
  }

  private void catchUp() {
    if (missedTooMany) {
      deleteAll();
      missedTooMany = false;
    }
    if (!missed.isEmpty()) {
      write(missed);
      missed.clear();
    }
  }

  private void write(Map<String, Long> versions) {
    String ttlMillis = Long.toString(ttl.toMillis());
    // One round trip for the whole batch; EVAL rather than EVALSHA, whose NOSCRIPT fallback
    // cannot work inside a pipeline.
    redis.executePipelined((RedisCallback<Object>) connection -> {
      versions.forEach((accountId, version) -> connection.scriptingCommands().eval(
          bytes(MARK_PENDING.getScriptAsString()), ReturnType.INTEGER, 1,
          bytes(KEY_PREFIX + accountId), bytes(Long.toString(version)), bytes(ttlMillis)));
      return null;
    });
  }

  private static byte[] bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
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
    try (Cursor<String> cursor = redis.scan(ScanOptions.scanOptions().match(KEY_PREFIX + "*").count(1000).build())) {
      cursor.forEachRemaining(keys::add);
    }
    for (int from = 0; from < keys.size(); from += 1000) {
      redis.delete(keys.subList(from, Math.min(keys.size(), from + 1000)));
    }
  }
}
