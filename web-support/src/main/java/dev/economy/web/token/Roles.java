package dev.economy.web.token;

import java.util.Set;

/** The roles a caller can hold; a token's {@code roles} claim carries these names. */
public final class Roles {

  /** A registered player: sees and moves only their own money. */
  public static final String PLAYER = "player";

  /** A game server: acts for players through the game ingress. */
  public static final String GAME_SERVER = "game-server";

  /** Grants, freezes and closes. */
  public static final String ADMIN = "admin";

  /** Reads everything, changes nothing. */
  public static final String AUDITOR = "auditor";

  /** The Discord bot: reads the public feed. */
  public static final String BOT = "bot";

  public static final Set<String> ALL = Set.of(PLAYER, GAME_SERVER, ADMIN, AUDITOR, BOT);

  private Roles() {}
}
