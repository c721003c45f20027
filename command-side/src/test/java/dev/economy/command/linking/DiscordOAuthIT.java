package dev.economy.command.linking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.economy.testsupport.DiscordStandIn;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.reactive.function.client.WebClient;

/** The Discord OAuth2 client against the local Discord stand-in. */
class DiscordOAuthIT {

  private static DiscordStandIn discord;
  private static DiscordOAuth oauth;

  @BeforeAll
  static void start() throws Exception {
    discord = new DiscordStandIn();
    LinkingSettings settings =
        new LinkingSettings(
            Duration.ofMinutes(10),
            5,
            Duration.ofMinutes(15),
            Duration.ofMinutes(10),
            Duration.ofSeconds(5),
            new LinkingSettings.Discord(
                DiscordStandIn.CLIENT_ID,
                DiscordStandIn.CLIENT_SECRET,
                URI.create(discord.authorizeUrl()),
                URI.create(discord.tokenUrl()),
                URI.create(discord.apiUrl()),
                URI.create(DiscordStandIn.REDIRECT_URI)),
            new LinkingSettings.Steam(null, null, null, Duration.ofMinutes(5)));
    oauth = new DiscordOAuth(settings, WebClient.builder());
  }

  @AfterAll
  static void stop() {
    discord.close();
  }

  @Test
  void theAuthorizeUrlAsksForIdentifyAndTheCodeNamesTheConsentingAccount() throws Exception {
    discord.signIn("112233445566778899");
    Map<String, String> redirect = consent(oauth.authorizeUrl("the-state"));
    assertThat(redirect).containsEntry("state", "the-state");

    assertThat(oauth.accountOf(redirect.get("code")).block()).isEqualTo("112233445566778899");
  }

  @Test
  void aCodeUsedTwiceIsRejectedByDiscord() throws Exception {
    discord.signIn("112233445566778800");
    String code = consent(oauth.authorizeUrl("s")).get("code");
    oauth.accountOf(code).block();

    assertThatThrownBy(() -> oauth.accountOf(code).block())
        .isInstanceOfSatisfying(
            ErrorResponseException.class,
            refusal -> {
              assertThat(refusal.getStatusCode().value()).isEqualTo(400);
              assertThat(refusal.getBody().getProperties())
                  .containsEntry("code", "oauth_code_rejected");
            });
  }

  @Test
  void aTokenEndpointFailureIsABadGateway() throws Exception {
    discord.signIn("112233445566778811");
    String code = consent(oauth.authorizeUrl("s")).get("code");
    discord.failNextTokenRequest(500, "{\"message\":\"internal\"}");

    assertThatThrownBy(() -> oauth.accountOf(code).block())
        .isInstanceOfSatisfying(
            ErrorResponseException.class,
            refusal -> {
              assertThat(refusal.getStatusCode().value()).isEqualTo(502);
              assertThat(refusal.getBody().getProperties())
                  .containsEntry("code", "provider_unavailable");
            });
  }

  @Test
  void aTokenWithoutTheIdentifyScopeIsNotUsed() throws Exception {
    discord.signIn("112233445566778822");
    String code = consent(oauth.authorizeUrl("s")).get("code");
    discord.failNextTokenRequest(
        200,
        "{\"token_type\":\"Bearer\",\"access_token\":\"x\",\"expires_in\":10,\"scope\":\"email\"}");

    assertThatThrownBy(() -> oauth.accountOf(code).block())
        .isInstanceOfSatisfying(
            ErrorResponseException.class,
            refusal ->
                assertThat(refusal.getBody().getProperties())
                    .containsEntry("code", "oauth_code_rejected"));
  }

  /**
   * The player's browser at Discord: consent, then the redirect to our page with code and state.
   */
  static Map<String, String> consent(URI authorizeUrl) throws Exception {
    HttpResponse<Void> redirect =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(authorizeUrl).GET().build(),
                HttpResponse.BodyHandlers.discarding());
    assertThat(redirect.statusCode()).isEqualTo(302);
    URI location = URI.create(redirect.headers().firstValue("Location").orElseThrow());
    assertThat(location.toString()).startsWith(DiscordStandIn.REDIRECT_URI + "?");
    return DiscordStandIn.query(location);
  }
}
