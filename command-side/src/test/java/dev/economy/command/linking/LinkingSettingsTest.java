package dev.economy.command.linking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LinkingSettingsTest {

  @Test
  void aSteamReturnUrlOutsideTheRealmIsRefusedAtStart() {
    assertThatThrownBy(() -> steam("https://example.org/link/steam", "https://other.example/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ECONOMY_STEAM_RETURN_TO");
  }

  @Test
  void steamIsConfiguredByReturnUrlAndRealm() {
    assertThat(steam("https://example.org/link/steam", "https://example.org/").configured())
        .isTrue();
    assertThat(steam("", "").configured()).isFalse();
  }

  @Test
  void discordIsConfiguredByClientIdSecretAndRedirectUri() {
    assertThat(
            new LinkingSettings.Discord(
                    "id", "secret", null, null, null, URI.create("https://example.org/d"))
                .configured())
        .isTrue();
    assertThat(
            new LinkingSettings.Discord(
                    "", "secret", null, null, null, URI.create("https://example.org/d"))
                .configured())
        .isFalse();
    assertThat(
            new LinkingSettings.Discord(
                    "id", "", null, null, null, URI.create("https://example.org/d"))
                .configured())
        .isFalse();
    assertThat(
            new LinkingSettings.Discord("id", "secret", null, null, null, URI.create(""))
                .configured())
        .isFalse();
  }

  private static LinkingSettings.Steam steam(String returnTo, String realm) {
    return new LinkingSettings.Steam(
        URI.create("https://steamcommunity.com/openid/login"),
        URI.create(returnTo),
        URI.create(realm),
        Duration.ofMinutes(5));
  }
}
