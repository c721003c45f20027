package dev.economy.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Runs one kind of request from N client threads for a set time, either as fast as the answers come
 * (closed loop: throughput) or at a fixed rate (open loop: latency at a given load, measured from
 * when each request was due, so that a stall is not hidden by the requests it delayed).
 */
final class LoadPhase {

  interface Request {
    LedgerTraffic.Outcome send(int client, long sequence, SplittableRandom random);
  }

  record Result(
      String name,
      int clients,
      double seconds,
      long requests,
      long accepted,
      long failed,
      Map<String, Long> failures,
      Histogram latencyMicros,
      LagProbe.Lag lag,
      double loadBefore,
      double loadAfter) {

    double acceptedPerSecond() {
      return accepted / seconds;
    }
  }

  private LoadPhase() {}

  /** As fast as the answers come. */
  static Result closedLoop(
      String name, int clients, Duration duration, LagProbe lag, Request request)
      throws InterruptedException {
    return run(name, clients, duration, 0, lag, request);
  }

  /** At ratePerSecond requests per second in all, spread evenly over the clients. */
  static Result openLoop(
      String name,
      int clients,
      Duration duration,
      double ratePerSecond,
      LagProbe lag,
      Request request)
      throws InterruptedException {
    return run(name, clients, duration, ratePerSecond, lag, request);
  }

  private static Result run(
      String name,
      int clients,
      Duration duration,
      double ratePerSecond,
      LagProbe lag,
      Request request)
      throws InterruptedException {
    double loadBefore = Machine.loadAverage();
    lag.reset();
    List<Worker> workers = new ArrayList<>();
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    for (int i = 0; i < clients; i++) {
      Worker worker = new Worker(i, clients, start, end, ratePerSecond, request);
      workers.add(worker);
      worker.start();
    }
    for (Worker worker : workers) {
      worker.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    LagProbe.Lag lagResult = lag.snapshot(2000);
    Histogram latency = new Histogram(60_000_000L, 3);
    long requests = 0;
    long accepted = 0;
    long failed = 0;
    Map<String, Long> failures = new TreeMap<>();
    for (Worker worker : workers) {
      latency.add(worker.latencyMicros);
      requests += worker.requests;
      accepted += worker.accepted;
      failed += worker.failed;
      worker.failures.forEach((k, v) -> failures.merge(k, v, Long::sum));
    }
    return new Result(
        name,
        clients,
        seconds,
        requests,
        accepted,
        failed,
        failures,
        latency,
        lagResult,
        loadBefore,
        Machine.loadAverage());
  }

  private static final class Worker extends Thread {
    final int index;
    final int clients;
    final long start;
    final long end;
    final double ratePerSecond;
    final Request request;
    final Histogram latencyMicros = new Histogram(60_000_000L, 3);
    final Map<String, Long> failures = new TreeMap<>();
    long requests;
    long accepted;
    long failed;

    Worker(int index, int clients, long start, long end, double ratePerSecond, Request request) {
      super("load-" + index);
      this.index = index;
      this.clients = clients;
      this.start = start;
      this.end = end;
      this.ratePerSecond = ratePerSecond;
      this.request = request;
      setDaemon(true);
    }

    @Override
    public void run() {
      SplittableRandom random = new SplittableRandom(index * 7919L + start);
      // Open loop: each client sends every clients/rate seconds, the clients staggered.
      long intervalNanos = ratePerSecond > 0 ? (long) (1e9 * clients / ratePerSecond) : 0;
      long due = start + (intervalNanos * index) / Math.max(1, clients);
      for (long sequence = 0; ; sequence++) {
        if (intervalNanos > 0) {
          long wait = due - System.nanoTime();
          if (wait > 0) {
            try {
              TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
              return;
            }
          }
        }
        long sent = intervalNanos > 0 ? due : System.nanoTime();
        if (sent >= end) {
          return;
        }
        LedgerTraffic.Outcome outcome = request.send(index, sequence, random);
        long took = System.nanoTime() - sent;
        latencyMicros.recordValue(Math.min(took / 1000, latencyMicros.getHighestTrackableValue()));
        requests++;
        accepted += outcome.accepted();
        failed += outcome.failed();
        if (outcome.failure() != null) {
          failures.merge(outcome.failure(), (long) outcome.failed(), Long::sum);
        }
        due += intervalNanos;
      }
    }
  }
}
