package dev.economy.command.players;

import dev.economy.web.token.Roles;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The service clients (game servers, the Discord bot, back-office tools) and their secrets, from
 * the setting economy.auth.service-clients: comma-separated {@code clientId:role:sha256hex}, where
 * sha256hex is the SHA-256 of the client's secret (so the environment never holds the secret
 * itself).
 *
 * <p>A plain SHA-256 is enough here, unlike for passwords: the secrets are long random strings (at
 * least {@value #SECRET_LENGTH_MIN} characters are required at the exchange), so there is nothing
 * to guess from the digest. Digests are compared in constant time, and an unknown client costs the
 * same comparison as a known one.
 */
@Component
public class ServiceClients {

  private static final Logger log = LoggerFactory.getLogger(ServiceClients.class);

  /** How to make a client's secret and entry: the jar's command (EconomyApplication). */
  public static final String HOW_TO_CREATE =
      "java -jar app-0.1.0-SNAPSHOT.jar service-client <clientId> <admin|game-server|auditor|bot>";

  /** A client id never contains ':' so that it can never read as a player's actor "player:...". */
  static final Pattern CLIENT_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  static final int SECRET_LENGTH_MIN = 32;
  static final int SECRET_LENGTH_MAX = 256;

  /** Players log in with a password, never as a service client. */
  static final Set<String> SERVICE_ROLES =
      Set.of(Roles.GAME_SERVER, Roles.ADMIN, Roles.AUDITOR, Roles.BOT);

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  public record ServiceClient(String clientId, String role, byte[] secretSha256) {}

  private final Map<String, ServiceClient> clients;

  /** Compared against when the client id is unknown, so that timing does not tell ids apart. */
  private final byte[] decoy = sha256("no such client");

  ServiceClients(@Value("${economy.auth.service-clients:}") String setting) {
    this.clients = parse(setting);
    if (clients.isEmpty()) {
      log.warn(
          "ECONOMY_AUTH_SERVICE_CLIENTS is empty: no admin, game server, auditor or bot can authenticate,"
              + " only players; create a client's secret and entry with: {} (docs/quickstart.md)",
          HOW_TO_CREATE);
    }
  }

  /**
   * The entry of a client for the setting ({@code clientId:role:sha256hex}, the digest of the
   * secret), checked as the setting and the exchange check it: a client id, role or secret the
   * server would refuse is refused here with the same words.
   */
  public static String entry(String clientId, String role, String secret) {
    if (secret == null
        || secret.length() < SECRET_LENGTH_MIN
        || secret.length() > SECRET_LENGTH_MAX) {
      throw invalid(
          "a secret must be " + SECRET_LENGTH_MIN + " to " + SECRET_LENGTH_MAX + " characters");
    }
    if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
      throw invalid(
          "client id '"
              + clientId
              + "' must be 1 to 64 of a-z 0-9 . _ - (starting with a letter or digit)");
    }
    String entry = clientId + ":" + role + ":" + HexFormat.of().formatHex(sha256(secret));
    parse(entry); // the role, and anything else the setting refuses
    return entry;
  }

  static Map<String, ServiceClient> parse(String setting) {
    Map<String, ServiceClient> clients = new LinkedHashMap<>();
    if (setting == null || setting.isBlank()) {
      return clients;
    }
    for (String entry : setting.split(",")) {
      String[] parts = entry.trim().split(":");
      if (parts.length != 3) {
        throw invalid("'" + redact(entry) + "' is not clientId:role:sha256hex");
      }
      String clientId = parts[0];
      String role = parts[1];
      String digest = parts[2].toLowerCase(java.util.Locale.ROOT);
      if (!CLIENT_ID.matcher(clientId).matches()) {
        throw invalid(
            "client id '"
                + clientId
                + "' must be 1 to 64 of a-z 0-9 . _ - (starting with a letter or digit)");
      }
      if (!SERVICE_ROLES.contains(role)) {
        throw invalid("client " + clientId + ": role '" + role + "' is none of " + SERVICE_ROLES);
      }
      if (!SHA256_HEX.matcher(digest).matches()) {
        throw invalid(
            "client " + clientId + ": the secret must be given as its SHA-256 in 64 hex digits");
      }
      if (clients.putIfAbsent(
              clientId, new ServiceClient(clientId, role, HexFormat.of().parseHex(digest)))
          != null) {
        throw invalid("client " + clientId + " is listed twice");
      }
    }
    return clients;
  }

  /**
   * The client whose secret this is, or empty: the same answer for an unknown id and a wrong
   * secret.
   */
  public Optional<ServiceClient> authenticate(String clientId, String secret) {
    if (clientId == null
        || secret == null
        || secret.length() < SECRET_LENGTH_MIN
        || secret.length() > SECRET_LENGTH_MAX) {
      return Optional.empty();
    }
    ServiceClient client = clients.get(clientId);
    byte[] expected = client == null ? decoy : client.secretSha256();
    boolean matches = MessageDigest.isEqual(expected, sha256(secret));
    return client != null && matches ? Optional.of(client) : Optional.empty();
  }

  int size() {
    return clients.size();
  }

  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private static String redact(String entry) {
    int lastColon = entry.lastIndexOf(':');
    return lastColon < 0 ? "..." : entry.substring(0, lastColon + 1) + "...";
  }

  private static IllegalArgumentException invalid(String detail) {
    return new IllegalArgumentException("economy.auth.service-clients: " + detail);
  }
}
