package dev.economy.command.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;

/** The aggregate cache keeps Axon's Cache contract, and its bound. */
class BoundedAggregateCacheTest {

  private final BoundedAggregateCache cache = new BoundedAggregateCache(100);
  private final Events events = new Events();

  @Test
  void getAnswersWhatWasPutAndNullForAnUnknownKey() {
    cache.put("a", "one");
    assertThat(cache.<String, String>get("a")).isEqualTo("one");
    assertThat(cache.<String, String>get("b")).isNull();
  }

  @Test
  void putReplacesTheValue() {
    cache.put("a", "one");
    cache.put("a", "two");
    assertThat(cache.<String, String>get("a")).isEqualTo("two");
  }

  @Test
  void putIfAbsentStoresOnlyWhenNothingIsThere() {
    assertThat(cache.putIfAbsent("a", "one")).isTrue();
    assertThat(cache.putIfAbsent("a", "two")).isFalse();
    assertThat(cache.<String, String>get("a")).isEqualTo("one");
  }

  @Test
  void removeAnswersWhetherSomethingWasRemoved() {
    cache.put("a", "one");
    assertThat(cache.remove("a")).isTrue();
    assertThat(cache.remove("a")).isFalse();
    assertThat(cache.containsKey("a")).isFalse();
    assertThat(cache.<String, String>get("a")).isNull();
  }

  @Test
  void containsKeyTellsWhetherAValueIsStored() {
    assertThat(cache.containsKey("a")).isFalse();
    cache.put("a", "one");
    assertThat(cache.containsKey("a")).isTrue();
  }

  @Test
  void computeIfAbsentKeepsAPresentValueAndStoresASuppliedOne() {
    cache.put("a", "one");
    assertThat(cache.<String>computeIfAbsent("a", () -> "never")).isEqualTo("one");
    assertThat(cache.<String>computeIfAbsent("b", () -> "two")).isEqualTo("two");
    assertThat(cache.<String, String>get("b")).isEqualTo("two");
  }

  @Test
  void computeIfAbsentRefusesASupplierThatProducesNothing() {
    assertThatThrownBy(() -> cache.computeIfAbsent("a", () -> null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(cache.containsKey("a")).isFalse();
  }

  @Test
  void computeIfAbsentRunsTheSupplierOnceWhenCallersRace() throws Exception {
    int callers = 8;
    AtomicInteger supplied = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<Object>> answers = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return cache.computeIfAbsent(
                      "a",
                      () -> {
                        supplied.incrementAndGet();
                        return new Object();
                      });
                }));
      }
      start.countDown();
      Object first = answers.get(0).get(10, TimeUnit.SECONDS);
      for (Future<Object> answer : answers) {
        assertThat(answer.get(10, TimeUnit.SECONDS)).isSameAs(first);
      }
      assertThat(supplied).hasValue(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void computeIfPresentUpdatesOnlyAPresentValue() {
    cache.put("a", "one");
    cache.<String>computeIfPresent("a", value -> value + "+");
    cache.<String>computeIfPresent("b", value -> "never");
    assertThat(cache.<String, String>get("a")).isEqualTo("one+");
    assertThat(cache.containsKey("b")).isFalse();
  }

  @Test
  void computeIfPresentRemovesTheEntryWhenTheUpdateReturnsNull() {
    cache.put("a", "one");
    cache.<String>computeIfPresent("a", value -> null);
    assertThat(cache.containsKey("a")).isFalse();
  }

  @Test
  void removeAllEmptiesTheCache() {
    for (int i = 0; i < 10; i++) {
      cache.put("k" + i, i);
    }
    cache.removeAll();
    assertThat(cache.size()).isZero();
    assertThat(cache.containsKey("k3")).isFalse();
  }

  @Test
  void nullKeysAndValuesAreRefused() {
    assertThatThrownBy(() -> cache.put("a", null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.putIfAbsent("a", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.put(null, "one")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.get(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theCacheNeverHoldsMoreThanItsBound() {
    for (int i = 0; i < 1_000; i++) {
      cache.put("k" + i, i);
      assertThat(cache.size()).isLessThanOrEqualTo(100);
    }
    assertThat(cache.size()).isEqualTo(100);
  }

  @Test
  void aBoundOfZeroKeepsNothing() {
    BoundedAggregateCache none = new BoundedAggregateCache(0);
    none.put("a", "one");
    assertThat(none.size()).isZero();
    assertThat(none.containsKey("a")).isFalse();
  }

  @Test
  void aNegativeBoundIsRefused() {
    assertThatThrownBy(() -> new BoundedAggregateCache(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * What the weak-reference cache lost at every collection stays: only the bound removes entries.
   */
  @Test
  void entriesSurviveGarbageCollection() {
    for (int i = 0; i < 100; i++) {
      // Nothing else refers to these values: a weakly referenced one would be cleared below.
      cache.put("k" + i, new StringBuilder("value " + i));
    }
    System.gc();
    for (int i = 0; i < 100; i++) {
      assertThat(cache.<String, StringBuilder>get("k" + i)).hasToString("value " + i);
    }
  }

  @Test
  void listenersHearOfEveryChange() {
    Registration registration = cache.registerCacheEntryListener(events);
    cache.put("a", "one");
    cache.put("a", "two");
    cache.get("a");
    cache.get("missing");
    cache.putIfAbsent("b", "three");
    cache.putIfAbsent("b", "ignored");
    cache.computeIfAbsent("c", () -> "four");
    cache.computeIfAbsent("c", () -> "ignored");
    cache.<String>computeIfPresent("c", value -> value + "+");
    cache.<String>computeIfPresent("c", value -> null);
    cache.<String>computeIfPresent("missing", value -> "ignored");
    cache.remove("b");
    cache.remove("missing");
    cache.removeAll();
    assertThat(events.seen)
        .containsExactly(
            "created a=one",
            "updated a=two",
            "read a=two",
            "created b=three",
            "created c=four",
            "read c=four",
            "updated c=four+",
            "removed c",
            "removed b",
            "removed a");

    registration.cancel();
    cache.put("d", "five");
    assertThat(events.seen).doesNotContain("created d=five");
  }

  @Test
  void listenersHearOfEntriesTheBoundEvicted() {
    cache.registerCacheEntryListener(events);
    for (int i = 0; i < 150; i++) {
      cache.put("k" + i, i);
    }
    cache.size();
    assertThat(events.seen.stream().filter(event -> event.startsWith("expired "))).hasSize(50);
  }

  /** Records what a listener is told, in order. */
  private static final class Events extends Cache.EntryListenerAdapter {
    final List<String> seen = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onEntryExpired(Object key) {
      seen.add("expired " + key);
    }

    @Override
    public void onEntryRemoved(Object key) {
      seen.add("removed " + key);
    }

    @Override
    public void onEntryUpdated(Object key, Object value) {
      seen.add("updated " + key + "=" + value);
    }

    @Override
    public void onEntryCreated(Object key, Object value) {
      seen.add("created " + key + "=" + value);
    }

    @Override
    public void onEntryRead(Object key, Object value) {
      seen.add("read " + key + "=" + value);
    }
  }
}
