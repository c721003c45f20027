package dev.economy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * Projection lag, accepted to visible: the time from the 2xx answer of a transfer to the moment the
 * query side shows its credit on the destination, seen through the public SSE stream of the
 * destination account (GET /api/v1/accounts/{id}/stream, whose history events carry the transfer
 * id). Only transfers to the watched accounts are measured: a fixed share of the traffic goes to
 * them. A credit the stream shows before the client has even read its answer counts as zero lag.
 */
final class LagProbe implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Long> acceptedAt = new ConcurrentHashMap<>();
  private final Map<String, Long> visibleAt = new ConcurrentHashMap<>();
  private final Histogram lagMicros = new Histogram(60_000_000L, 3);
  private final List<Thread> readers = new ArrayList<>();
  private volatile boolean closed;

  private final ServiceTokens reader;

  /** Reads the streams as {@code reader}, a client allowed to read any account. */
  LagProbe(HttpClient client, String baseUrl, ServiceTokens reader, Collection<String> accountIds) {
    this.reader = reader;
    for (String accountId : accountIds) {
      Thread thread = new Thread(() -> read(client, baseUrl, accountId), "lag-probe-" + accountId);
      thread.setDaemon(true);
      thread.start();
      readers.add(thread);
    }
  }

  /** Forgets everything measured so far; the next phase starts counting. */
  synchronized void reset() {
    acceptedAt.clear();
    visibleAt.clear();
    lagMicros.reset();
  }

  void accepted(String transferId, long nanos) {
    Long visible = visibleAt.remove(transferId);
    if (visible != null) {
      record(0);
      return;
    }
    acceptedAt.put(transferId, nanos);
    // The stream may have delivered it between the two lines above.
    visible = visibleAt.remove(transferId);
    if (visible != null && acceptedAt.remove(transferId) != null) {
      record(0);
    }
  }

  private void visible(String transferId, long nanos) {
    Long accepted = acceptedAt.remove(transferId);
    if (accepted != null) {
      record(Math.max(0, nanos - accepted));
      return;
    }
    visibleAt.put(transferId, nanos);
    accepted = acceptedAt.remove(transferId);
    if (accepted != null && visibleAt.remove(transferId) != null) {
      record(Math.max(0, nanos - accepted));
    }
  }

  private synchronized void record(long nanos) {
    lagMicros.recordValue(
        Math.min(TimeUnit.NANOSECONDS.toMicros(nanos), lagMicros.getHighestTrackableValue()));
  }

  /**
   * Waits a little for the last accepted transfers to show, then answers the lag and what never
   * showed.
   */
  synchronized Lag snapshot(long drainMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + drainMillis;
    while (!acceptedAt.isEmpty() && System.currentTimeMillis() < deadline) {
      wait(50);
    }
    return new Lag(lagMicros.copy(), acceptedAt.size());
  }

  record Lag(Histogram micros, long unseen) {}

  private void read(HttpClient client, String baseUrl, String accountId) {
    while (!closed) {
      try {
        HttpRequest request =
            HttpRequest.newBuilder(
                    URI.create(baseUrl + "/api/v1/accounts/" + accountId + "/stream"))
                .header("Accept", "text/event-stream")
                .header("Authorization", reader.authorization())
                .build();
        HttpResponse<Stream<String>> response =
            client.send(request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
          throw new IOException("stream of " + accountId + " answered " + response.statusCode());
        }
        String[] event = {null};
        try (Stream<String> lines = response.body()) {
          lines.forEach(
              line -> {
                if (closed) {
                  throw new IllegalStateException("closed");
                }
                if (line.startsWith("event:")) {
                  event[0] = line.substring(6).trim();
                } else if (line.startsWith("data:") && "history".equals(event[0])) {
                  onHistory(line.substring(5), System.nanoTime());
                } else if (line.isEmpty()) {
                  event[0] = null;
                }
              });
        }
      } catch (IOException | RuntimeException e) {
        if (!closed) {
          sleep();
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void onHistory(String data, long nanos) {
    try {
      JsonNode entry = JSON.readTree(data);
      if ("CREDIT".equals(entry.path("entryType").asText())) {
        visible(entry.path("transferId").asText(), nanos);
      }
    } catch (IOException unreadable) {
      // not an entry of ours
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    readers.forEach(Thread::interrupt);
  }
}
