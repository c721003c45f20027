package dev.economy.messages.players;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Limits of the player context, shared by the HTTP layer (to answer early) and the Player
 * aggregate.
 */
public final class PlayerRules {

  /**
   * Player ids are chosen by the server: 32 lower-case hex digits (a random UUID without dashes).
   * They fit the ledger's owner ids (player:{id}:wallet), and they never look like a transfer id (a
   * UUID with dashes), with which they share the event store's aggregate id space.
   */
  public static final Pattern PLAYER_ID = Pattern.compile("[0-9a-f]{32}");

  /** 3 to 32 characters, letters, digits, _ . -, starting with a letter or digit. */
  public static final int USERNAME_LENGTH_MIN = 3;

  public static final int USERNAME_LENGTH_MAX = 32;
  public static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{2,31}");

  /** RFC 5321's limit on a forward path. */
  public static final int EMAIL_LENGTH_MAX = 254;

  /**
   * A normalised e-mail address: a dot-atom local part and a domain of dotted DNS labels, in lower
   * case. Quoted local parts and IP literals are refused: no mail provider players use needs them.
   */
  public static final Pattern EMAIL =
      Pattern.compile(
          "[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
              + "@[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");

  public static final int EMAIL_LOCAL_PART_LENGTH_MAX = 64;

  /**
   * NIST SP 800-63B: at least 8 characters, allow at least 64, no composition rules. The maximum
   * bounds the work of hashing: a longer input is refused before it reaches the hasher.
   */
  public static final int PASSWORD_LENGTH_MIN = 10;

  public static final int PASSWORD_LENGTH_MAX = 128;

  /**
   * An encoded Argon2id hash as spring-security-crypto writes it:
   * $argon2id$v=19$m=..,t=..,p=..$salt$hash.
   */
  public static final Pattern PASSWORD_HASH =
      Pattern.compile(
          "\\$argon2id\\$v=19\\$m=[0-9]{1,8},t=[0-9]{1,3},p=[0-9]{1,3}\\$[A-Za-z0-9+/]{11,88}\\$[A-Za-z0-9+/]{11,172}");

  /** How a link was proven: discord-oauth, steam-openid, game-code, ... */
  public static final Pattern LINKED_VIA = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  /** A player links a handful of identities; more is abuse of the lookup table. */
  public static final int IDENTITIES_MAX = 16;

  private PlayerRules() {}

  public static String newPlayerId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  /** Usernames are unique regardless of case: "Alice" and "alice" are one name. */
  public static String usernameKey(String username) {
    return username.toLowerCase(Locale.ROOT);
  }

  /**
   * The one form of an e-mail address that is stored and compared: trimmed and in lower case (the
   * domain is case-insensitive by definition, and no provider players use treats the local part
   * otherwise), so that Alice@Example.com and alice@example.com cannot register twice.
   */
  public static String normaliseEmail(String email) {
    return email.strip().toLowerCase(Locale.ROOT);
  }

  /** Checks a normalised e-mail address. */
  public static boolean isValidEmail(String normalisedEmail) {
    if (normalisedEmail == null || normalisedEmail.length() > EMAIL_LENGTH_MAX) {
      return false;
    }
    int at = normalisedEmail.indexOf('@');
    return at > 0 && at <= EMAIL_LOCAL_PART_LENGTH_MAX && EMAIL.matcher(normalisedEmail).matches();
  }
}
