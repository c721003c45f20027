package dev.economy.app.linking;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.economy.app.TestTokens;
import dev.economy.app.linking.LinkingClient.Answer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Every answer that carries a token or a one-time code says that no cache may store it (RFC 6749,
 * 5.1): Cache-Control: no-store, and Pragma: no-cache for HTTP/1.0 caches. One test walks through
 * every such endpoint: login, refresh, service token, link code, game login.
 */
class TokenAnswersAreNeverStoredIT extends LinkingTestSupport {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  /** A client address of this test's own (loopback is a trusted proxy in the tests). */
  private final String address =
      "10.77."
          + ThreadLocalRandom.current().nextInt(256)
          + "."
          + ThreadLocalRandom.current().nextInt(1, 255);

  @Test
  void everyAnswerThatCarriesATokenIsNeverStored() throws Exception {
    String run = Long.toString(System.nanoTime(), 36);
    String username = "nostore" + run;
    String password = "a password for no-store";
    HttpResponse<String> registered =
        post(
            "/api/v1/auth/register",
            null,
            Map.of("username", username, "email", username + "@example.com", "password", password));
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    // Registration answers no token (the player logs in next): nothing to keep from caches.
    assertThat(JSON.readTree(registered.body()).has("accessToken")).isFalse();
    String playerId = JSON.readTree(registered.body()).path("playerId").asText();

    HttpResponse<String> login =
        post("/api/v1/auth/login", null, Map.of("username", username, "password", password));
    JsonNode tokens = expectNeverStored("login", login, "accessToken");

    HttpResponse<String> refreshed =
        post(
            "/api/v1/auth/refresh",
            null,
            Map.of("refreshToken", tokens.path("refreshToken").asText()));
    JsonNode pair = expectNeverStored("refresh", refreshed, "accessToken");

    HttpResponse<String> service =
        post(
            "/api/v1/auth/service-token",
            null,
            Map.of(
                "clientId", TestTokens.GAME, "clientSecret", TestTokens.secretOf(TestTokens.GAME)));
    expectNeverStored("service-token", service, "accessToken");

    HttpResponse<String> code =
        post("/api/v1/link-codes", "Bearer " + pair.path("accessToken").asText(), null);
    String linkCode = expectNeverStored("link-codes", code, "code").path("code").asText();
    String gameCode =
        expectNeverStored(
                "link-codes (game server)",
                post(
                    "/api/v1/link-codes",
                    api.gameBearer(),
                    Map.of("provider", "fivem-license", "subject", fivemLicense())),
                "code")
            .path("code")
            .asText();
    assertThat(gameCode).isNotEmpty();

    String license = fivemLicense();
    Answer linked = api.redeemInGame(linkCode, "fivem-license", license);
    assertThat(linked.status()).as(linked.body().toString()).isEqualTo(200);
    assertThat(ownerOf("fivem-license", license)).contains(playerId);
    HttpResponse<String> gameLogin =
        post(
            "/api/v1/auth/game-login",
            api.gameBearer(),
            Map.of("provider", "fivem-license", "subject", license));
    expectNeverStored("game-login", gameLogin, "accessToken");
  }

  private static JsonNode expectNeverStored(
      String what, HttpResponse<String> answer, String secretField) throws Exception {
    assertThat(answer.statusCode()).as(what + ": " + answer.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(answer.body());
    assertThat(body.path(secretField).asText()).as(what + " " + secretField).isNotEmpty();
    assertThat(answer.headers().allValues("Cache-Control"))
        .as(what + " Cache-Control")
        .containsExactly("no-store");
    assertThat(answer.headers().allValues("Pragma"))
        .as(what + " Pragma")
        .containsExactly("no-cache");
    return body;
  }

  private HttpResponse<String> post(String path, String bearer, Object body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(60))
            .header("X-Forwarded-For", address);
    if (bearer != null) {
      request.header("Authorization", bearer);
    }
    if (body == null) {
      request.POST(HttpRequest.BodyPublishers.noBody());
    } else {
      Map<String, Object> copy = new LinkedHashMap<>();
      copy.putAll((Map<String, ?>) body);
      request
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(copy)));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
