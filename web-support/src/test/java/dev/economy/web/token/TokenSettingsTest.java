package dev.economy.web.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Token lifetimes are held to minutes: a setting that would make tokens long-lived stops the start.
 */
class TokenSettingsTest {

  private static TokenSettings settings(
      Duration accessTtl, Duration serviceTtl, Duration idle, Duration absolute) {
    return new TokenSettings(
        "economy",
        "economy-api",
        accessTtl,
        serviceTtl,
        Duration.ofSeconds(30),
        Duration.ofDays(7),
        Duration.ofMinutes(1),
        idle,
        absolute);
  }

  @Test
  void theDefaultsAreAcceptedAndTheLongestTokenLifetimeCountsTheSkew() {
    TokenSettings defaults =
        settings(
            Duration.ofMinutes(10),
            Duration.ofMinutes(15),
            Duration.ofDays(14),
            Duration.ofDays(30));
    assertThat(defaults.tokenLifetimeMax()).isEqualTo(Duration.ofMinutes(15).plusSeconds(30));
  }

  @Test
  void accessOrServiceTokensLivingLongerThanAnHourAreRefused() {
    assertThatThrownBy(
            () ->
                settings(
                    Duration.ofHours(2),
                    Duration.ofMinutes(10),
                    Duration.ofDays(14),
                    Duration.ofDays(30)))
        .hasMessageContaining("access-token-ttl");
    assertThatThrownBy(
            () ->
                settings(
                    Duration.ofMinutes(10),
                    Duration.ofDays(1),
                    Duration.ofDays(14),
                    Duration.ofDays(30)))
        .hasMessageContaining("service-token-ttl");
    assertThatThrownBy(
            () ->
                settings(
                    Duration.ZERO,
                    Duration.ofMinutes(10),
                    Duration.ofDays(14),
                    Duration.ofDays(30)))
        .hasMessageContaining("access-token-ttl");
  }

  @Test
  void anAbsoluteRefreshLifetimeShorterThanTheIdleOneIsRefused() {
    assertThatThrownBy(
            () ->
                settings(
                    Duration.ofMinutes(10),
                    Duration.ofMinutes(10),
                    Duration.ofDays(14),
                    Duration.ofDays(7)))
        .hasMessageContaining("refresh-token-absolute-ttl");
  }
}
