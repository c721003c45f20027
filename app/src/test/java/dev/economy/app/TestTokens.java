package dev.economy.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.economy.command.players.AccessTokens;
import dev.economy.web.token.AccessTokenClaims;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real access tokens for the tests: service tokens through the real POST /api/v1/auth/service-token
 * with the test clients of src/test/resources/config/application.yml, player tokens through the
 * real issuer bean ({@link AccessTokens#issueForPlayer}). Service tokens are kept for the life of
 * one instance (make one per test class or test).
 */
public final class TestTokens {

  /** An actor string naming a player: "player:" and the player id (what a player's token says). */
  public static final String PLAYER_PREFIX = AccessTokenClaims.PLAYER_SUBJECT_PREFIX;

  public static final String ADMIN = "test-admin";
  public static final String AUDITOR = "test-auditor";
  public static final String BOT = "test-bot";
  public static final String GAME = "test-game";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final int port;
  private final AccessTokens accessTokens;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<String, String> serviceTokens = new ConcurrentHashMap<>();

  public TestTokens(int port, AccessTokens accessTokens) {
    this.port = port;
    this.accessTokens = accessTokens;
  }

  /** The secret of a test client (its SHA-256 is in the test configuration). */
  public static String secretOf(String clientId) {
    return "it-secret-" + clientId + "-0123456789abcdefghijklmnop";
  }

  /** The actor id a player's token carries. */
  public static String playerActor(String playerId) {
    return PLAYER_PREFIX + playerId;
  }

  /**
   * The access token for an actor: "player:{id}" is that player's token, anything else is the
   * service token of the test client of that id.
   */
  public String accessTokenFor(String actor) {
    return actor.startsWith(PLAYER_PREFIX)
        ? player(actor.substring(PLAYER_PREFIX.length()))
        : service(actor);
  }

  public String bearerFor(String actor) {
    return "Bearer " + accessTokenFor(actor);
  }

  public String player(String playerId) {
    return accessTokens.issueForPlayer(playerId).accessToken();
  }

  public String service(String clientId) {
    return serviceTokens.computeIfAbsent(
        clientId, id -> exchange(id, secretOf(id)).path("accessToken").asText());
  }

  /** POSTs client credentials to the real endpoint; fails the test unless it answers 200. */
  public JsonNode exchange(String clientId, String secret) {
    try {
      String body = JSON.writeValueAsString(Map.of("clientId", clientId, "clientSecret", secret));
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://localhost:" + port + "/api/v1/auth/service-token"))
                  .header("Content-Type", "application/json")
                  .timeout(Duration.ofSeconds(30))
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new AssertionError(
            "service token for " + clientId + ": " + response.statusCode() + " " + response.body());
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
