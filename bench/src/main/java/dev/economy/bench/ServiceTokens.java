package dev.economy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A service client of the backend (docs/api.md, "Authentication"): exchanges its id and secret for
 * a service token at POST /api/v1/auth/service-token, as a game server does, and exchanges again
 * before the token expires.
 */
final class ServiceTokens {

  /** A service client: id, role, secret. The backend is told only the SHA-256 of the secret. */
  record Client(String id, String role, String secret) {

    static Client generated(String id, String role) {
      byte[] secret = new byte[33];
      new SecureRandom().nextBytes(secret);
      return new Client(id, role, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** This client's entry of ECONOMY_AUTH_SERVICE_CLIENTS. */
    String configuration() {
      try {
        byte[] digest =
            MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        return id + ":" + role + ":" + HexFormat.of().formatHex(digest);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private final HttpClient http;
  private final String baseUrl;
  private final Client client;
  private String token;
  private long renewAtNanos;

  ServiceTokens(HttpClient http, String baseUrl, Client client) {
    this.http = http;
    this.baseUrl = baseUrl;
    this.client = client;
  }

  /** The value of the Authorization header: a valid service token. */
  synchronized String authorization() throws IOException, InterruptedException {
    if (token == null || System.nanoTime() - renewAtNanos >= 0) {
      String body =
          LedgerTraffic.JSON
              .createObjectNode()
              .put("clientId", client.id())
              .put("clientSecret", client.secret())
              .toString();
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/auth/service-token"))
                  .timeout(Duration.ofSeconds(30))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "service token for "
                + client.id()
                + ": "
                + response.statusCode()
                + " "
                + response.body());
      }
      JsonNode answer = LedgerTraffic.JSON.readTree(response.body());
      token = answer.path("accessToken").asText();
      long expiresIn = answer.path("expiresIn").asLong(60);
      // Renewed at half its lifetime, so that no request is sent with a token about to expire.
      renewAtNanos = System.nanoTime() + Duration.ofSeconds(Math.max(1, expiresIn / 2)).toNanos();
    }
    return "Bearer " + token;
  }
}
