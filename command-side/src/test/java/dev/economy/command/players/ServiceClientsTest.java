package dev.economy.command.players;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The service-clients setting: what it accepts, what it refuses at start-up, and who it lets in.
 */
class ServiceClientsTest {

  private static final String GAME_SECRET = "a-long-random-secret-of-the-game-server-0001";
  private static final String ADMIN_SECRET = "a-long-random-secret-of-the-admin-tool-00002";

  private static String digest(String secret) {
    return HexFormat.of().formatHex(ServiceClients.sha256(secret));
  }

  private final ServiceClients clients =
      new ServiceClients(
          "game-eu1:game-server:"
              + digest(GAME_SECRET)
              + ", backoffice:admin:"
              + digest(ADMIN_SECRET).toUpperCase());

  @Test
  void theRightSecretAuthenticatesItsClientWithItsRole() {
    assertThat(clients.size()).isEqualTo(2);
    assertThat(clients.authenticate("game-eu1", GAME_SECRET))
        .hasValueSatisfying(
            client -> {
              assertThat(client.clientId()).isEqualTo("game-eu1");
              assertThat(client.role()).isEqualTo("game-server");
            });
    assertThat(clients.authenticate("backoffice", ADMIN_SECRET))
        .hasValueSatisfying(client -> assertThat(client.role()).isEqualTo("admin"));
  }

  @Test
  void aWrongSecretAnotherClientsSecretAnUnknownIdOrTheDigestItselfAuthenticateNoOne() {
    assertThat(clients.authenticate("game-eu1", ADMIN_SECRET)).isEmpty();
    assertThat(clients.authenticate("game-eu1", GAME_SECRET + "x")).isEmpty();
    assertThat(clients.authenticate("game-eu1", digest(GAME_SECRET))).isEmpty();
    assertThat(clients.authenticate("nobody", GAME_SECRET)).isEmpty();
    assertThat(clients.authenticate("game-eu1", null)).isEmpty();
    assertThat(clients.authenticate(null, GAME_SECRET)).isEmpty();
    assertThat(clients.authenticate("game-eu1", "short")).isEmpty();
  }

  @Test
  void anEmptySettingHasNoClients() {
    assertThat(new ServiceClients("").size()).isZero();
    assertThat(new ServiceClients("  ").authenticate("game-eu1", GAME_SECRET)).isEmpty();
  }

  @Test
  void aMalformedSettingStopsTheStartAndNeverEchoesTheDigest() {
    String good = digest(GAME_SECRET);
    assertThatThrownBy(() -> new ServiceClients("game-eu1:game-server"))
        .hasMessageContaining("clientId:role:sha256hex");
    assertThatThrownBy(() -> new ServiceClients("game-eu1:player:" + good))
        .hasMessageContaining("role 'player'");
    assertThatThrownBy(() -> new ServiceClients("game-eu1:root:" + good))
        .hasMessageContaining("role 'root'");
    assertThatThrownBy(() -> new ServiceClients("Game EU:game-server:" + good))
        .hasMessageContaining("client id");
    assertThatThrownBy(() -> new ServiceClients("player:x:game-server:" + good))
        .hasMessageNotContaining(good);
    assertThatThrownBy(() -> new ServiceClients("game-eu1:game-server:" + GAME_SECRET))
        .hasMessageContaining("SHA-256")
        .hasMessageNotContaining(GAME_SECRET);
    assertThatThrownBy(() -> new ServiceClients("a:admin:" + good + ",a:auditor:" + good))
        .hasMessageContaining("twice");
  }

  @Test
  void anEntryMadeForASecretIsAcceptedByTheSettingAndLetsThatSecretIn() {
    String entry = ServiceClients.entry("game-eu2", "game-server", GAME_SECRET);

    assertThat(entry).isEqualTo("game-eu2:game-server:" + digest(GAME_SECRET));
    assertThat(
            new ServiceClients("backoffice:admin:" + digest(ADMIN_SECRET) + "," + entry)
                .authenticate("game-eu2", GAME_SECRET))
        .hasValueSatisfying(client -> assertThat(client.role()).isEqualTo("game-server"));
  }

  @Test
  void anEntryIsRefusedForWhatTheSettingOrTheExchangeWouldRefuse() {
    assertThatThrownBy(() -> ServiceClients.entry("Game EU", "game-server", GAME_SECRET))
        .hasMessageContaining("client id");
    assertThatThrownBy(() -> ServiceClients.entry("a,b", "admin", GAME_SECRET))
        .hasMessageContaining("client id");
    assertThatThrownBy(() -> ServiceClients.entry("x:admin", "admin", GAME_SECRET))
        .hasMessageContaining("client id");
    assertThatThrownBy(() -> ServiceClients.entry(null, "admin", GAME_SECRET))
        .hasMessageContaining("client id");
    assertThatThrownBy(() -> ServiceClients.entry("tool", "player", GAME_SECRET))
        .hasMessageContaining("role");
    assertThatThrownBy(() -> ServiceClients.entry("tool", "superuser", GAME_SECRET))
        .hasMessageContaining("role");
    assertThatThrownBy(() -> ServiceClients.entry("tool", "admin", "too-short"))
        .hasMessageContaining("secret");
  }

  @Test
  void anEmptySettingSaysOnceAtStartThatNoServiceClientCanAuthenticateAndHowToCreateOne() {
    ch.qos.logback.classic.Logger logger =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(ServiceClients.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
        new ch.qos.logback.core.read.ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try {
      new ServiceClients("");
      assertThat(logs.list).hasSize(1);
      assertThat(logs.list.get(0).getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
      assertThat(logs.list.get(0).getFormattedMessage())
          .contains(
              "ECONOMY_AUTH_SERVICE_CLIENTS is empty",
              "no admin, game server, auditor or bot can authenticate",
              "service-client <clientId>",
              "docs/quickstart.md");

      logs.list.clear();
      new ServiceClients("game-eu1:game-server:" + digest(GAME_SECRET));
      assertThat(logs.list).as("a configured client: no warning").isEmpty();
    } finally {
      logger.detachAppender(logs);
    }
  }
}
