package dev.economy.app.linking;

import dev.economy.app.IntegrationTest;
import dev.economy.command.players.PlayerDirectory;
import dev.economy.messages.players.ExternalIdentity;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** What the linking tests share: the client, fresh identities, and where links are looked up. */
abstract class LinkingTestSupport extends IntegrationTest {

  @LocalServerPort int port;
  @Autowired CommandGateway commands;
  @Autowired PlayerDirectory directory;

  LinkingClient api;

  @BeforeEach
  void client() {
    api = new LinkingClient(port, tokens(), commands);
  }

  /** The player the identity is linked to, as the players context's lookup table says. */
  Optional<String> ownerOf(String provider, String subject) {
    return directory.findPlayerByIdentity(new ExternalIdentity(provider, subject));
  }

  static String fivemLicense() {
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      hex.append(Character.forDigit(ThreadLocalRandom.current().nextInt(16), 16));
    }
    return hex.toString();
  }

  static String discordId() {
    return "9"
        + String.format("%017d", ThreadLocalRandom.current().nextLong(100_000_000_000_000_000L));
  }

  static String steamId() {
    return "7656119"
        + String.format("%010d", ThreadLocalRandom.current().nextLong(10_000_000_000L));
  }

  static String altvSocial() {
    return Long.toString(ThreadLocalRandom.current().nextLong(1, 999_999_999_999L));
  }
}
