package dev.economy.command.linking.web;

/** The JSON bodies of the linking endpoints. */
final class LinkingRequests {
  private LinkingRequests() {}

  /**
   * A game server asks for a code for an in-game identity (the player enters it on the website).
   */
  record GameLinkCodeRequest(String provider, String subject) {}

  /**
   * A code redeemed: by a game server with the in-game identity, or by a player with the code
   * alone.
   */
  record RedeemLinkCodeRequest(String code, String provider, String subject) {}

  /** What Discord's redirect brought to the website's page, forwarded by it. */
  record DiscordCallbackRequest(String code, String state) {}

  record IdentityRequest(String provider, String subject) {}
}
