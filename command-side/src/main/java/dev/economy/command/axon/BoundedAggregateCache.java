package dev.economy.command.axon;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

/**
 * Axon's aggregate cache on Caffeine, bounded by a number of entries. It replaces Axon's {@code
 * WeakReferenceCache}, which the garbage collector emptied: with {@code -Xmx512m} under the
 * benchmark's load a young collection ran every few hundred milliseconds, so the cache rarely hit,
 * and a JFR profile showed loading accounts from snapshots and events (JDBC and Jackson) at 7% of
 * the backend's CPU samples. Here an aggregate stays until the bound pushes it out (Caffeine's
 * W-TinyLFU keeps the aggregates used most often). An entry holds about 0.4 KB (heap after a full
 * collection, with and without 3,000 cached accounts and 3,000 cached transfers): 10,000 of each
 * cost about 8 MB of a 512 MB heap.
 *
 * <p>Not Axon's {@code JCacheAdapter} over Caffeine's JCache module: that adds the JSR-107 API and
 * its JVM-wide registry of caches by name (two Spring contexts in one JVM, as in the tests, share
 * it), and that adapter's {@code computeIfAbsent} is not atomic. Caffeine's own map gives every
 * operation below atomically.
 *
 * <p>Entry listeners are told of every change, as Axon's caches do: read, created, updated and
 * removed from the calling thread, and {@code onEntryExpired} when the bound evicts an entry.
 * Axon's {@code CachingEventSourcingRepository} registers none (it only gets, puts and removes), so
 * they cost the command path nothing.
 *
 * <p>Maintenance (evicting past the bound) runs on the writing thread, not on the JVM's common
 * fork-join pool: the bound holds by the time a put returns, whatever else that pool is busy with,
 * and the size a test reads after {@link #size()} is exact.
 */
public final class BoundedAggregateCache implements Cache {

  private final com.github.benmanes.caffeine.cache.Cache<Object, Object> cache;
  private final ConcurrentMap<Object, Object> map;
  private final Set<EntryListener> listeners = new CopyOnWriteArraySet<>();

  /**
   * @param entriesMax how many aggregates stay in memory at most; 0 keeps none (every command reads
   *     its aggregates from the event store)
   */
  public BoundedAggregateCache(long entriesMax) {
    if (entriesMax < 0) {
      throw new IllegalArgumentException(
          "an aggregate cache holds 0 or more entries, not " + entriesMax);
    }
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(entriesMax)
            .executor(Runnable::run)
            .evictionListener(
                (Object key, Object value, RemovalCause cause) -> {
                  for (EntryListener listener : listeners) {
                    listener.onEntryExpired(key);
                  }
                })
            .build();
    this.map = cache.asMap();
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> V get(K key) {
    Object value = map.get(requireKey(key));
    if (value != null) {
      for (EntryListener listener : listeners) {
        listener.onEntryRead(key, value);
      }
    }
    return (V) value;
  }

  @Override
  public void put(Object key, Object value) {
    Object previous = map.put(requireKey(key), requireValue(value));
    for (EntryListener listener : listeners) {
      if (previous == null) {
        listener.onEntryCreated(key, value);
      } else {
        listener.onEntryUpdated(key, value);
      }
    }
  }

  @Override
  public boolean putIfAbsent(Object key, Object value) {
    if (map.putIfAbsent(requireKey(key), requireValue(value)) != null) {
      return false;
    }
    for (EntryListener listener : listeners) {
      listener.onEntryCreated(key, value);
    }
    return true;
  }

  /**
   * Atomic, unlike Axon's default (a get, then a put): two callers of one absent key get the same
   * value, and the supplier runs once. It must not use this cache itself.
   */
  @Override
  @SuppressWarnings("unchecked")
  public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
    boolean[] created = {false};
    Object value =
        map.computeIfAbsent(
            requireKey(key),
            k -> {
              T supplied = valueSupplier.get();
              if (supplied == null) {
                // Axon's contract: a supplier that produces nothing is a bug of the caller.
                throw new IllegalArgumentException(
                    "the value supplier produced null for key [" + key + "]");
              }
              created[0] = true;
              return supplied;
            });
    for (EntryListener listener : listeners) {
      if (created[0]) {
        listener.onEntryCreated(key, value);
      } else {
        listener.onEntryRead(key, value);
      }
    }
    return (T) value;
  }

  @Override
  public boolean remove(Object key) {
    if (map.remove(requireKey(key)) == null) {
      return false;
    }
    for (EntryListener listener : listeners) {
      listener.onEntryRemoved(key);
    }
    return true;
  }

  /**
   * Removes entry by entry (as Axon's {@code WeakReferenceCache} does), so listeners hear of each.
   */
  @Override
  public void removeAll() {
    for (Object key : map.keySet()) {
      remove(key);
    }
  }

  @Override
  public boolean containsKey(Object key) {
    return map.containsKey(requireKey(key));
  }

  /** Atomic; an update that returns null removes the entry. */
  @Override
  @SuppressWarnings("unchecked")
  public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
    boolean[] applied = {false};
    Object value =
        map.computeIfPresent(
            requireKey(key),
            (k, current) -> {
              applied[0] = true;
              return update.apply((V) current);
            });
    if (!applied[0]) {
      return;
    }
    for (EntryListener listener : listeners) {
      if (value == null) {
        listener.onEntryRemoved(key);
      } else {
        listener.onEntryUpdated(key, value);
      }
    }
  }

  @Override
  public Registration registerCacheEntryListener(EntryListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return () -> listeners.remove(listener);
  }

  /** Entries held now, evictions past the bound done first. */
  long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  private static Object requireKey(Object key) {
    if (key == null) {
      throw new IllegalArgumentException("an aggregate cache key may not be null");
    }
    return key;
  }

  private static Object requireValue(Object value) {
    if (value == null) {
      throw new IllegalArgumentException("an aggregate cache does not hold null values");
    }
    return value;
  }
}
