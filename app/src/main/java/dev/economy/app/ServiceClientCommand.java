package dev.economy.app;

import dev.economy.command.players.ServiceClients;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The jar's command that makes a service client's credentials (docs/quickstart.md):
 *
 * <pre>java -jar app-0.1.0-SNAPSHOT.jar service-client &lt;clientId&gt; &lt;role&gt;</pre>
 *
 * <p>Prints a new random secret (32 bytes of SecureRandom, URL-safe Base64: 43 characters) and the
 * entry to add to ECONOMY_AUTH_SERVICE_CLIENTS ({@code clientId:role:sha256hex}, made by {@link
 * ServiceClients#entry}, which checks it as the server will), as shell assignments that {@code .}
 * (source) reads. Runs before Spring: it starts no web server and needs no database or Redis, and
 * stores nothing (the server keeps only the digest, from the setting).
 */
final class ServiceClientCommand {

  static final String NAME = "service-client";

  /** 32 random bytes: 256 bits, as long as the digest that the server keeps. */
  private static final int SECRET_BYTES = 32;

  private ServiceClientCommand() {}

  /** Runs the command with the arguments after its name; answers the process's exit status. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length != 2) {
      err.println("usage: " + ServiceClients.HOW_TO_CREATE);
      err.println(
          "  prints a new secret for the client and the entry to add to ECONOMY_AUTH_SERVICE_CLIENTS");
      return 2;
    }
    String clientId = args[0];
    String role = args[1];
    String secret = newSecret();
    String entry;
    try {
      entry = ServiceClients.entry(clientId, role, secret);
    } catch (IllegalArgumentException refused) {
      err.println(refused.getMessage());
      return 2;
    }
    out.println(
        "# Service client "
            + clientId
            + " (role "
            + role
            + "). The secret is shown this once and stored");
    out.println(
        "# nowhere: give it to the client, which exchanges it at POST /api/v1/auth/service-token.");
    out.println(
        "# The server needs only the entry: add it to ECONOMY_AUTH_SERVICE_CLIENTS (comma-separated).");
    out.println("ECONOMY_CLIENT_ID=" + clientId);
    out.println("ECONOMY_CLIENT_SECRET=" + secret);
    out.println("ECONOMY_SERVICE_CLIENT_ENTRY=" + entry);
    return 0;
  }

  static String newSecret() {
    byte[] bytes = new byte[SECRET_BYTES];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
