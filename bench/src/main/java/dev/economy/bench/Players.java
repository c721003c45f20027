package dev.economy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Registers the benchmark's players as players register (POST /api/v1/auth/register): the backend
 * opens accounts only for players it issued, and registration opens each player's wallet and bank.
 * Not measured. The backend the benchmark starts allows as many registrations per address as it
 * needs and hashes passwords cheaply (Backend); a backend of your own (BENCH_URL) needs
 * ECONOMY_AUTH_REGISTRATIONS_PER_ADDRESS_MAX of at least BENCH_PLAYERS (per
 * ECONOMY_AUTH_ADDRESS_WINDOW).
 */
final class Players {

  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final String PASSWORD = "bench-password-not-secret";

  private Players() {}

  /** Registers {@code count} players, {@code threads} at a time; answers their ids in order. */
  static List<String> register(
      HttpClient http, String baseUrl, String prefix, int count, int threads)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, count)));
    try {
      List<Future<String>> ids = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        String username = prefix + "_" + i;
        ids.add(pool.submit(() -> register(http, baseUrl, username)));
      }
      List<String> players = new ArrayList<>(count);
      for (Future<String> id : ids) {
        try {
          players.add(id.get());
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException(
              "registering the players failed: " + e.getCause().getMessage(), e.getCause());
        }
      }
      return players;
    } finally {
      pool.shutdownNow();
    }
  }

  /** How often one registration is asked again after a 503 unavailable. */
  private static final int REGISTER_ATTEMPTS_MAX = 10;

  /**
   * Registers one player (username 3 to 32 of A-Z a-z 0-9 _ . -); answers the id the server chose.
   */
  static String register(HttpClient http, String baseUrl, String username)
      throws IOException, InterruptedException {
    String body =
        LedgerTraffic.JSON
            .createObjectNode()
            .put("username", username)
            .put("email", username.toLowerCase(java.util.Locale.ROOT) + "@bench.example.org")
            .put("password", PASSWORD)
            .toString();
    HttpResponse<String> response = null;
    // 503 unavailable: Redis (the registration limits) did not answer in time, which a loaded
    // machine
    // can cause; registration fails closed before anything is written, so asking again is safe.
    for (int attempt = 1; attempt <= REGISTER_ATTEMPTS_MAX; attempt++) {
      response =
          http.send(
              HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/auth/register"))
                  .timeout(TIMEOUT)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 503 || !response.body().contains("\"code\":\"unavailable\"")) {
        break;
      }
      Thread.sleep(200L * attempt);
    }
    if (response.statusCode() != 201) {
      throw new IllegalStateException(
          "registering " + username + " answered " + response.statusCode() + " " + response.body());
    }
    JsonNode registered = LedgerTraffic.JSON.readTree(response.body());
    return registered.path("playerId").asText();
  }
}
