package dev.economy.app.linking;

import dev.economy.testsupport.DiscordStandIn;
import dev.economy.testsupport.SteamStandIn;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The Discord and Steam stand-ins of the integration tests: started once per test JVM, before the
 * shared Spring context, which is pointed at them through the linking settings.
 */
public final class LinkingStandIns {

  private static DiscordStandIn discord;
  private static SteamStandIn steam;

  private LinkingStandIns() {}

  public static synchronized void start() {
    if (discord != null) {
      return;
    }
    try {
      discord = new DiscordStandIn();
      steam = new SteamStandIn();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.setProperty("economy.linking.discord.client-id", DiscordStandIn.CLIENT_ID);
    System.setProperty("economy.linking.discord.client-secret", DiscordStandIn.CLIENT_SECRET);
    System.setProperty("economy.linking.discord.redirect-uri", DiscordStandIn.REDIRECT_URI);
    System.setProperty("economy.linking.discord.authorize-url", discord.authorizeUrl());
    System.setProperty("economy.linking.discord.token-url", discord.tokenUrl());
    System.setProperty("economy.linking.discord.api-url", discord.apiUrl());
    System.setProperty("economy.linking.steam.endpoint", steam.endpoint());
    System.setProperty("economy.linking.steam.return-to", SteamStandIn.RETURN_TO);
    System.setProperty("economy.linking.steam.realm", SteamStandIn.REALM);
  }

  public static DiscordStandIn discord() {
    start();
    return discord;
  }

  public static SteamStandIn steam() {
    start();
    return steam;
  }
}
