package dev.economy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * In-game traffic as a game server sends it, through the game ingress (POST /api/v1/ingress/batch,
 * the only endpoint a game server may use): players' wallets paying each other, one transfer per
 * request ("single") or many per request (batches). Each client debits only its own share of the
 * players, as one game server would; destinations are any player, and a quarter of the transfers go
 * to the watched accounts whose streams measure the projection lag.
 */
final class LedgerTraffic {

  static final ObjectMapper JSON = new ObjectMapper();

  /** Long: a batch answered after its time still ran, and must be counted, not called an error. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

  /** Setting up is not measured: on a loaded machine a batch of openings may take long. */
  private static final Duration SETUP_TIMEOUT = Duration.ofMinutes(5);

  /** What one request came to: transfers accepted (2xx) and refused or failed. */
  record Outcome(int accepted, int failed, String failure) {}

  private final HttpClient client;
  private final String baseUrl;
  private final ServiceTokens game;
  private final String runId;
  private final String[] playerIds;
  private final String[] wallets;
  private final String[] watched;
  private final Set<String> watchedSet;
  private final int clients;
  private final LagProbe lag;

  LedgerTraffic(
      HttpClient client,
      String baseUrl,
      ServiceTokens game,
      String runId,
      List<String> playerIds,
      int watchedAccounts,
      int clients,
      LagProbe lag) {
    this.client = client;
    this.baseUrl = baseUrl;
    this.game = game;
    this.runId = runId;
    this.playerIds = playerIds.toArray(String[]::new);
    int players = playerIds.size();
    this.wallets = new String[players];
    for (int i = 0; i < players; i++) {
      wallets[i] = walletOf(playerIds.get(i));
    }
    this.watched = java.util.Arrays.copyOf(wallets, Math.min(players, watchedAccounts));
    this.watchedSet = Set.of(watched);
    this.clients = clients;
    this.lag = lag;
  }

  static String walletOf(String playerId) {
    return "player:" + playerId + ":wallet";
  }

  static List<String> watchedWallets(List<String> playerIds, int watchedAccounts) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < Math.min(playerIds.size(), watchedAccounts); i++) {
      ids.add(walletOf(playerIds.get(i)));
    }
    return ids;
  }

  /**
   * Opens every (registered) player's accounts, which registration opened already (so each answers
   * 200), and pays each wallet a large wage from the payroll.
   */
  void openAndFund(int players, long fundingMinor) throws IOException, InterruptedException {
    int perBatch = 50;
    for (int from = 0; from < players; from += perBatch) {
      ArrayNode commands = JSON.createArrayNode();
      for (int i = from; i < Math.min(players, from + perBatch); i++) {
        commands.addObject().put("type", "open-accounts").put("playerId", playerIds[i]);
        commands
            .addObject()
            .put("type", "transfer")
            .put("idempotencyKey", "fund-" + runId + "-" + i)
            .put("fromAccountId", "system:payroll")
            .put("toAccountId", wallets[i])
            .put("amountMinor", fundingMinor)
            .put("reasonCode", "salary");
      }
      ObjectNode batch = JSON.createObjectNode();
      batch.set("commands", commands);
      HttpResponse<String> response =
          post(game, "/api/v1/ingress/batch", batch.toString(), SETUP_TIMEOUT);
      JsonNode results = JSON.readTree(response.body()).path("results");
      for (JsonNode result : results) {
        if (result.path("status").asInt() >= 300) {
          throw new IllegalStateException("setting up the players failed: " + result);
        }
      }
      if (response.statusCode() != 200 || results.size() != commands.size()) {
        throw new IllegalStateException(
            "setting up the players failed: " + response.statusCode() + " " + response.body());
      }
    }
  }

  /** One transfer in one request: an ingress batch of one command. */
  Outcome single(String phase, int clientIndex, long sequence, SplittableRandom random) {
    return batch(phase, clientIndex, sequence, random, 1);
  }

  /** A batch of transfers through the game ingress. */
  Outcome batch(String phase, int clientIndex, long sequence, SplittableRandom random, int size) {
    ArrayNode commands = JSON.createArrayNode();
    for (int i = 0; i < size; i++) {
      commands.add(
          transferBody(phase, clientIndex, sequence * size + i, random).put("type", "transfer"));
    }
    ObjectNode batch = JSON.createObjectNode();
    batch.set("commands", commands);
    try {
      HttpResponse<String> response =
          post(game, "/api/v1/ingress/batch", batch.toString(), REQUEST_TIMEOUT);
      long now = System.nanoTime();
      if (response.statusCode() != 200) {
        return new Outcome(
            0, size, "HTTP " + response.statusCode() + " " + codeOf(response.body()));
      }
      int accepted = 0;
      String failure = null;
      for (JsonNode result : JSON.readTree(response.body()).path("results")) {
        int status = result.path("status").asInt();
        if (status / 100 == 2) {
          accepted++;
          noteAccepted(
              (ObjectNode) commands.get(result.path("index").asInt()), result.path("outcome"), now);
        } else {
          failure = "command " + status + " " + result.path("problem").path("code").asText();
        }
      }
      return new Outcome(accepted, size - accepted, failure);
    } catch (IOException e) {
      return new Outcome(0, size, e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(0, size, "interrupted");
    }
  }

  private ObjectNode transferBody(
      String phase, int clientIndex, long sequence, SplittableRandom random) {
    // This client's own share of the payers: no two clients debit the same wallet.
    int payers = (wallets.length - clientIndex + clients - 1) / clients;
    String from = wallets[clientIndex + clients * random.nextInt(Math.max(1, payers))];
    String to;
    do {
      to =
          random.nextInt(4) == 0
              ? watched[random.nextInt(watched.length)]
              : wallets[random.nextInt(wallets.length)];
    } while (to.equals(from));
    return JSON.createObjectNode()
        .put("idempotencyKey", phase + "-" + runId + "-" + clientIndex + "-" + sequence)
        .put("fromAccountId", from)
        .put("toAccountId", to)
        .put("amountMinor", 1 + random.nextInt(100))
        .put("reasonCode", "bench");
  }

  private void noteAccepted(ObjectNode body, JsonNode outcome, long nanos) {
    if (watchedSet.contains(body.path("toAccountId").asText())) {
      lag.accepted(outcome.path("transferId").asText(), nanos);
    }
  }

  private HttpResponse<String> post(
      ServiceTokens caller, String path, String json, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Authorization", caller.authorization())
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String codeOf(String body) {
    try {
      return JSON.readTree(body).path("code").asText();
    } catch (IOException e) {
      return "";
    }
  }
}
