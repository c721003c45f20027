package dev.economy.messages.players;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The subject rules of each provider, and the normalisation that makes names unique. */
class ExternalIdentityTest {

  @ParameterizedTest
  @CsvSource({
    "discord, 80351110224678912",
    "discord, 1234567890123456789",
    "steam, 76561197960287930",
    "fivem-license, 8f2c1e0b9a7d6c5b4a39281706f5e4d3c2b1a090",
    "altv-social, 123456789"
  })
  void aWellFormedIdentityIsValid(String provider, String subject) {
    assertThat(ExternalIdentity.of(provider, subject).isValid()).isTrue();
    assertThat(ExternalIdentity.problem(provider, subject)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "discord, 8035111",
    "discord, 123456789012345678901",
    "steam, 7656119796028793",
    "steam, 765611979602879301",
    "fivem-license, 8F2C1E0B9A7D6C5B4A39281706F5E4D3C2B1A090",
    "fivem-license, license:8f2c1e0b9a7d6c5b4a39281706f5e4d3c2b1a090",
    "altv-social, 12a",
    "twitch, 80351110224678912"
  })
  void aMalformedIdentityIsRefusedWithAReason(String provider, String subject) {
    assertThat(new ExternalIdentity(provider, subject).isValid()).isFalse();
    assertThat(ExternalIdentity.problem(provider, subject)).isPresent();
    assertThatThrownBy(() -> ExternalIdentity.of(provider, subject))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMissingProviderOrSubjectIsRefused() {
    assertThat(ExternalIdentity.problem(null, "1")).contains("provider is missing");
    assertThat(ExternalIdentity.problem(ExternalIdentity.STEAM, null))
        .contains("subject is missing");
  }

  @Test
  void emailsAreComparedTrimmedAndInLowerCase() {
    assertThat(PlayerRules.normaliseEmail("  Alice@Example.COM ")).isEqualTo("alice@example.com");
    assertThat(PlayerRules.isValidEmail("alice@example.com")).isTrue();
    assertThat(PlayerRules.isValidEmail("a".repeat(65) + "@example.com"))
        .as("local part over 64")
        .isFalse();
  }

  @Test
  void usernamesAreOneNameInAnyCase() {
    assertThat(PlayerRules.usernameKey("Alice_01")).isEqualTo(PlayerRules.usernameKey("ALICE_01"));
  }

  @Test
  void serverChosenPlayerIdsFitTheLedgersOwnerIds() {
    String playerId = PlayerRules.newPlayerId();
    assertThat(playerId).matches(PlayerRules.PLAYER_ID);
    assertThat(playerId).matches(dev.economy.messages.ledger.LedgerRules.OWNER_ID);
  }
}
