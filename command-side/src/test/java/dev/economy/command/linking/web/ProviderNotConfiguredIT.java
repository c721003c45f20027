package dev.economy.command.linking.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.economy.command.linking.IdentityLinks;
import dev.economy.command.linking.LinkingRedis;
import dev.economy.command.linking.LinkingSettings;
import dev.economy.command.linking.OneTimeSecrets;
import dev.economy.web.token.Caller;
import dev.economy.web.token.Roles;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * With empty Discord and Steam settings (the defaults) linking with them is switched off and says
 * so, instead of sending players to a half-configured provider. The shared test context has both
 * configured, so this builds the controller over the real Redis with the default settings.
 */
class ProviderNotConfiguredIT {

  private static LinkingRedis redis;
  private static LinkingController controller;
  private static final Caller PLAYER =
      new Caller("player:p1", Set.of(Roles.PLAYER), "0123456789abcdef0123456789abcdef");

  @BeforeAll
  static void start() {
    redis = new LinkingRedis();
    LinkingSettings defaults =
        new LinkingSettings(
            Duration.ofMinutes(10),
            5,
            Duration.ofMinutes(15),
            Duration.ofMinutes(10),
            Duration.ofSeconds(10),
            new LinkingSettings.Discord(
                "",
                "",
                URI.create("https://discord.com/oauth2/authorize"),
                URI.create("https://discord.com/api/oauth2/token"),
                URI.create("https://discord.com/api/v10"),
                URI.create("")),
            new LinkingSettings.Steam(
                URI.create("https://steamcommunity.com/openid/login"),
                URI.create(""),
                URI.create(""),
                Duration.ofMinutes(5)));
    OneTimeSecrets secrets = redis.secrets();
    // Never reached: every request here is refused before a link could be made.
    IdentityLinks noLinks = null;
    controller =
        new LinkingController(
            defaults,
            secrets,
            noLinks,
            LinkingRedis.discord(defaults, WebClient.builder()),
            LinkingRedis.steam(defaults, secrets, WebClient.builder()));
  }

  @AfterAll
  static void stop() {
    redis.close();
  }

  @Test
  void discordLinkingIsOffWithoutItsSettings() {
    assertNotConfigured(() -> controller.startDiscord(PLAYER).block());
    assertNotConfigured(
        () ->
            controller
                .completeDiscord(
                    PLAYER, new LinkingRequests.DiscordCallbackRequest("code", "A".repeat(43)))
                .block());
  }

  @Test
  void steamLinkingIsOffWithoutItsSettings() {
    assertNotConfigured(() -> controller.startSteam(PLAYER).block());
    assertNotConfigured(
        () -> controller.completeSteam(PLAYER, Map.of("state", "A".repeat(43))).block());
  }

  private static void assertNotConfigured(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ErrorResponseException.class,
            refusal -> {
              assertThat(refusal.getStatusCode().value()).isEqualTo(503);
              assertThat(refusal.getBody().getProperties())
                  .containsEntry("code", "provider_not_configured");
            });
  }
}
