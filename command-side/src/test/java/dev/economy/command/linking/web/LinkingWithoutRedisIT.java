package dev.economy.command.linking.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.economy.command.linking.IdentityLinks;
import dev.economy.command.linking.LinkingRedis;
import dev.economy.command.linking.LinkingSettings;
import dev.economy.command.linking.OneTimeSecrets;
import dev.economy.testsupport.TcpProxy;
import dev.economy.web.token.Caller;
import dev.economy.web.token.Roles;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The flows need Redis for their one-time secrets: while it does not answer they say so (503
 * unavailable, Retry-After) and issue or accept nothing, rather than skipping a check. Redis is
 * reached through a proxy whose connection the test cuts.
 */
class LinkingWithoutRedisIT {

  private static final Caller PLAYER =
      new Caller("player:p2", Set.of(Roles.PLAYER), "fedcba9876543210fedcba9876543210");
  private static TcpProxy proxy;
  private static LinkingRedis redis;
  private static LinkingController controller;

  @BeforeAll
  static void start() {
    proxy = new TcpProxy("127.0.0.1", 6379).start();
    redis = new LinkingRedis(proxy.port());
    LinkingSettings settings =
        new LinkingSettings(
            Duration.ofMinutes(10),
            5,
            Duration.ofMinutes(15),
            Duration.ofMinutes(10),
            Duration.ofSeconds(10),
            new LinkingSettings.Discord("", "", null, null, null, null),
            new LinkingSettings.Steam(null, null, null, Duration.ofMinutes(5)));
    OneTimeSecrets secrets = redis.secrets();
    // Never reached: nothing here gets as far as linking.
    IdentityLinks noLinks = null;
    controller =
        new LinkingController(
            settings,
            secrets,
            noLinks,
            LinkingRedis.discord(settings, WebClient.builder()),
            LinkingRedis.steam(settings, secrets, WebClient.builder()));
  }

  @AfterAll
  static void stop() {
    redis.close();
    proxy.close();
  }

  @Test
  void withoutRedisNoCodeIsIssuedOrRedeemed() {
    String code = (String) controller.issueCode(PLAYER, null).block().getBody().get("code");
    assertThat(code).hasSize(8);

    proxy.cut();

    assertUnavailable(() -> controller.issueCode(PLAYER, null).block());
    assertUnavailable(
        () ->
            controller
                .redeemCode(
                    new Caller("test-game", Set.of(Roles.GAME_SERVER)),
                    new LinkingRequests.RedeemLinkCodeRequest(code, "altv-social", "12345"))
                .block());
  }

  private static void assertUnavailable(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ErrorResponseException.class,
            refusal -> {
              assertThat(refusal.getStatusCode().value()).isEqualTo(503);
              assertThat(refusal.getBody().getProperties()).containsEntry("code", "unavailable");
              assertThat(refusal.getHeaders().getFirst("Retry-After")).isNotNull();
            });
  }
}
