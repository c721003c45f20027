package dev.economy.app.linking;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.economy.app.TestTokens;
import dev.economy.messages.players.PlayerRules;
import dev.economy.messages.players.RegisterPlayerCommand;
import dev.economy.testsupport.DiscordStandIn;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/** The linking endpoints as a website, a game server and a player's browser use them. */
final class LinkingClient {

  /** One hash for every test player: hashing is slow on purpose, and these players never log in. */
  private static final String PASSWORD_HASH =
      Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8().encode("linking-test-password");

  private static final ObjectMapper JSON = new ObjectMapper();

  record Answer(int status, JsonNode body, HttpResponse<String> response) {
    String code() {
      return body.path("code").asText(null);
    }

    Optional<String> header(String name) {
      return response.headers().firstValue(name);
    }
  }

  private final int port;
  private final TestTokens tokens;
  private final CommandGateway commands;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  LinkingClient(int port, TestTokens tokens, CommandGateway commands) {
    this.port = port;
    this.tokens = tokens;
    this.commands = commands;
  }

  /** A registered player (through the players context's command, as registration does). */
  String registerPlayer() {
    String playerId = PlayerRules.newPlayerId();
    String username = "l" + playerId.substring(0, 20);
    commands.sendAndWait(
        new RegisterPlayerCommand(playerId, username, username + "@example.org", PASSWORD_HASH));
    return playerId;
  }

  String playerBearer(String playerId) {
    return "Bearer " + tokens.player(playerId);
  }

  String gameBearer() {
    return "Bearer " + tokens.service(TestTokens.GAME);
  }

  Answer post(String path, String bearer, Object body) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
              .timeout(Duration.ofSeconds(60));
      if (bearer != null) {
        request.header("Authorization", bearer);
      }
      if (body == null) {
        request.POST(HttpRequest.BodyPublishers.noBody());
      } else {
        request
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      }
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json =
          response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
      return new Answer(response.statusCode(), json, response);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A new code for the player to type in game. */
  String codeForGame(String playerId) {
    Answer answer = post("/api/v1/link-codes", playerBearer(playerId), null);
    assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
    return answer.body().path("code").asText();
  }

  /** A code a game server got for an in-game identity, for the player to type on the website. */
  String codeForWebsite(String provider, String subject) {
    Answer answer =
        post("/api/v1/link-codes", gameBearer(), Map.of("provider", provider, "subject", subject));
    assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
    return answer.body().path("code").asText();
  }

  Answer redeemInGame(String code, String provider, String subject) {
    return post(
        "/api/v1/link-codes/redeem",
        gameBearer(),
        Map.of("code", code, "provider", provider, "subject", subject));
  }

  Answer redeemOnWebsite(String playerId, String code) {
    return post("/api/v1/link-codes/redeem", playerBearer(playerId), Map.of("code", code));
  }

  Answer gameLogin(String provider, String subject) {
    return post(
        "/api/v1/auth/game-login", gameBearer(), Map.of("provider", provider, "subject", subject));
  }

  /** Starts a Discord or Steam flow for the player: the URL their browser is sent to. */
  URI start(String provider, String playerId) {
    Answer answer = post("/api/v1/links/" + provider + "/start", playerBearer(playerId), null);
    assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
    return URI.create(answer.body().path("authorizeUrl").asText());
  }

  /**
   * The player's browser follows a URL to the provider, which redirects it back: the query it
   * carries.
   */
  Map<String, String> followToProvider(URI url) {
    try {
      HttpResponse<Void> redirect =
          http.send(
              HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.discarding());
      assertThat(redirect.statusCode()).isEqualTo(302);
      return DiscordStandIn.query(
          URI.create(redirect.headers().firstValue("Location").orElseThrow()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Answer discordCallback(String playerId, String code, String state) {
    return post(
        "/api/v1/links/discord/callback",
        playerBearer(playerId),
        Map.of("code", code, "state", state));
  }

  Answer steamCallback(String playerId, Map<String, String> params) {
    return post("/api/v1/links/steam/callback", playerBearer(playerId), params);
  }

  Answer unlink(String bearer, String playerId, String provider, String subject) {
    return post(
        "/api/v1/players/" + playerId + "/identities/unlink",
        bearer,
        Map.of("provider", provider, "subject", subject));
  }
}
