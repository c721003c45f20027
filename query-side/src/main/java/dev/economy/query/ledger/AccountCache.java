package dev.economy.query.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.economy.messages.ledger.AccountCacheLayout;
import dev.economy.messages.ledger.LedgerChange;
import dev.economy.query.ledger.CacheAvailability.Attempt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The Redis cache of account details, a cache and never the source of truth. Contract (shared with
 * the projections, which mark entries pending before they commit): key {@code
 * economy:account:{accountId}}, a hash with {@code version} and {@code data} (the JSON of {@link
 * AccountDetails}; empty = pending marker). A hit with data is served; a miss or a pending marker
 * is read from PostgreSQL and stored only if newer (store-if-newer.lua), so a reader that read an
 * old row never overwrites a newer marker, and once the projection has committed, the next read
 * gets the new row.
 *
 * <p>Every operation is bounded by a short timeout and never fails its caller: Redis trouble means
 * "not cached", logged once per outage by {@link CacheAvailability}.
 */
@Component
class AccountCache {

  private static final Logger log = LoggerFactory.getLogger(AccountCache.class);
  static final String KEY_PREFIX = AccountCacheLayout.KEY_PREFIX;
  static final String VERSION = AccountCacheLayout.VERSION_FIELD;
  static final String DATA = AccountCacheLayout.DATA_FIELD;

  /** Keys unlinked per command when entries from before an outage are dropped. */
  private static final int FLUSH_BATCH_SIZE = 500;

  static final RedisScript<Long> STORE_IF_NEWER =
      RedisScript.of(
          new ClassPathResource("dev/economy/query/ledger/store-if-newer.lua"), Long.class);
  static final RedisScript<Long> MARK_PENDING =
      RedisScript.of(AccountCacheLayout.MARK_PENDING_SCRIPT, Long.class);

  private final ReactiveStringRedisTemplate redis;
  private final ObjectMapper json;
  private final Duration timeout;
  private final String ttlMillis;
  private final CacheAvailability availability;

  AccountCache(ReactiveStringRedisTemplate redis, ObjectMapper json, CacheSettings settings) {
    this.redis = redis;
    this.json = json;
    this.timeout = settings.timeout();
    this.ttlMillis = Long.toString(settings.ttl().toMillis());
    this.availability =
        new CacheAvailability(settings.retryInterval(), this::dropEntriesFromBeforeTheOutage);
  }

  static String key(String accountId) {
    return AccountCacheLayout.key(accountId);
  }

  boolean available() {
    return availability.available();
  }

  /** The cached details, or empty on a miss, a pending marker, or Redis unavailable. */
  Mono<AccountDetails> cached(String accountId) {
    return guarded(
            "read",
            redis.<String, String>opsForHash().multiGet(key(accountId), List.of(VERSION, DATA)))
        .flatMap(
            fields -> {
              String version = fields.get(0);
              String data = fields.get(1);
              if (version == null || data == null || data.isEmpty()) {
                return Mono.empty(); // a miss or a pending marker
              }
              AccountDetails details = parse(accountId, version, data);
              if (details == null) {
                // Store-if-newer never replaces data of the same version: drop it, or every read of
                // this account would miss until the entry expires.
                return guarded("drop", redis.unlink(key(accountId))).then(Mono.empty());
              }
              return Mono.just(details);
            });
  }

  /** Stores what PostgreSQL said, unless the cache holds a newer version or a marker above it. */
  Mono<Void> storeIfNewer(AccountDetails details) {
    String data;
    try {
      data = json.writeValueAsString(details);
    } catch (JsonProcessingException e) {
      return Mono.error(new IllegalStateException("account details do not serialize", e));
    }
    return guarded(
            "store",
            redis
                .execute(
                    STORE_IF_NEWER,
                    List.of(key(details.accountId())),
                    List.of(Long.toString(details.version()), data, ttlMillis))
                .next())
        .then();
  }

  /**
   * After changes are committed: readers must go to PostgreSQL until they store these versions. One
   * script call for all of them (one notification's accounts): a call per account was one Redis
   * round trip, one scheduler hop and one timeout per account, on the path that took 17% of the
   * backend's CPU samples under the benchmark load.
   */
  Mono<Void> markPending(List<LedgerChange> changes) {
    if (changes.isEmpty()) {
      return Mono.empty();
    }
    List<String> keys = new ArrayList<>(changes.size());
    List<String> arguments = new ArrayList<>(changes.size() + 1);
    for (LedgerChange change : changes) {
      keys.add(key(change.accountId()));
      arguments.add(Long.toString(change.version()));
    }
    arguments.add(ttlMillis); // the script's last argument
    return guarded("invalidate", redis.execute(MARK_PENDING, keys, arguments).next()).then();
  }

  private <T> Mono<T> guarded(String operation, Mono<T> command) {
    return Mono.defer(
        () -> {
          Attempt attempt = availability.begin();
          if (attempt == Attempt.SKIP) {
            return Mono.empty();
          }
          // Off the event loop: while Redis is down, Lettuce may block to (re)connect.
          return command
              .subscribeOn(Schedulers.boundedElastic())
              .timeout(
                  timeout, Mono.error(() -> new TimeoutException("no answer within " + timeout)))
              .doOnSuccess(ignored -> availability.succeeded(attempt))
              .onErrorResume(
                  e -> {
                    availability.failed(attempt, e);
                    log.debug("cache {} failed", operation, e);
                    return Mono.empty();
                  });
        });
  }

  /** The details, or null when the entry is not what this module writes (dropped by the caller). */
  private AccountDetails parse(String accountId, String version, String data) {
    try {
      AccountDetails details = json.readValue(data, AccountDetails.class);
      if (!Objects.equals(details.accountId(), accountId)
          || !version.equals(Long.toString(details.version()))) {
        log.warn("cache entry of {} does not match its key or version; dropped it", accountId);
        return null;
      }
      return details;
    } catch (JsonProcessingException e) {
      log.warn("cache entry of {} is not account details JSON; dropped it", accountId);
      return null;
    }
  }

  /**
   * While Redis was unreachable, neither the projections' markers nor our invalidations reached it:
   * if it kept its data (a network partition rather than a restart), its entries may be older than
   * PostgreSQL. Dropping them costs a few reads; serving them could cost correctness.
   */
  private void dropEntriesFromBeforeTheOutage() {
    redis
        .scan(ScanOptions.scanOptions().match(KEY_PREFIX + "*").count(FLUSH_BATCH_SIZE).build())
        .buffer(FLUSH_BATCH_SIZE)
        .concatMap(keys -> redis.unlink(keys.toArray(String[]::new)))
        .reduce(0L, Long::sum)
        .subscribe(
            dropped ->
                log.info("dropped {} account cache entries from before the Redis outage", dropped),
            e ->
                log.warn(
                    "could not drop the account cache entries from before the Redis outage: {}",
                    e.toString()));
  }
}
