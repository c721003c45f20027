package dev.economy.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.economy.messages.ledger.AccountKind;
import dev.economy.messages.ledger.LedgerRules;
import dev.economy.messages.ledger.OpenAccountCommand;
import dev.economy.messages.players.PlayerRules;
import dev.economy.messages.players.RegisterPlayerCommand;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.springframework.context.ApplicationContext;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Registered players for the tests: the ledger opens accounts only for players the server issued
 * (an unknown player id is 404 not_found), so a test that needs a player's accounts registers the
 * player first. In the test JVM through the players context's own command, as registration sends it
 * (no password hashing per player, no registration limits); in another process through the real
 * {@code POST /api/v1/auth/register} ({@link #registerOverHttp}).
 */
public final class TestPlayers {

  /** The processor that opens every registered player's wallet and bank (PlayerAccountsOpener). */
  public static final String ACCOUNTS_OPENER = "player-accounts";

  /** The actor registration records on the accounts it opens (PlayerAccountsOpener.ACTOR). */
  public static final String REGISTRATION_ACTOR = "player-registration";

  /** The password of every player registered over HTTP here. */
  public static final String PASSWORD = "test-password-0123456789";

  /** One hash for every test player: hashing is slow on purpose, and these players never log in. */
  private static final String PASSWORD_HASH =
      Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8().encode(PASSWORD);

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Client addresses (X-Forwarded-For) for registrations over HTTP, so the per-address limit never
   * bites.
   */
  private static final AtomicInteger ADDRESSES =
      new AtomicInteger((int) (System.nanoTime() & 0xffff));

  private final CommandGateway commands;
  private final EventProcessingConfiguration processing;

  public TestPlayers(ApplicationContext context) {
    this(
        context.getBean(CommandGateway.class), context.getBean(EventProcessingConfiguration.class));
  }

  public TestPlayers(CommandGateway commands, EventProcessingConfiguration processing) {
    this.commands = commands;
    this.processing = processing;
  }

  /**
   * Registers a player (RegisterPlayerCommand: the Player aggregate and its username and e-mail
   * claims); answers the server-style player id. The player-accounts processor opens the wallet and
   * bank soon after, unless it is paused ({@link #accountsOpenerPaused()}).
   */
  public String register(String name) {
    String playerId = PlayerRules.newPlayerId();
    String username = username(name, playerId);
    commands.sendAndWait(
        new RegisterPlayerCommand(
            playerId, username, username.toLowerCase() + "@example.org", PASSWORD_HASH));
    return playerId;
  }

  /**
   * Registers a player and opens the wallet and bank before answering, as registration's fast path
   * does.
   */
  public String registerWithAccounts(String name) {
    String playerId = register(name);
    commands.sendAndWait(
        new OpenAccountCommand(
            LedgerRules.walletAccountId(playerId),
            playerId,
            AccountKind.WALLET,
            REGISTRATION_ACTOR));
    commands.sendAndWait(
        new OpenAccountCommand(
            LedgerRules.bankAccountId(playerId), playerId, AccountKind.BANK, REGISTRATION_ACTOR));
    return playerId;
  }

  /**
   * Stops the player-accounts processor until closed, so that players registered meanwhile have no
   * accounts yet: a registration whose process died before it opened them. On close the processor
   * starts again and opens them (a no-op for accounts the test opened: opening is idempotent).
   */
  public AutoCloseable accountsOpenerPaused() {
    EventProcessor opener =
        processing
            .eventProcessor(ACCOUNTS_OPENER)
            .orElseThrow(() -> new IllegalStateException("no " + ACCOUNTS_OPENER + " processor"));
    opener.shutDown();
    return opener::start;
  }

  /**
   * Registers a player through the real endpoint of a backend at {@code baseUrl} (another process);
   * answers the registration's body: playerId, username, email, walletAccountId, bankAccountId.
   */
  public static JsonNode registerOverHttp(String baseUrl, String name) {
    String username = username(name, PlayerRules.newPlayerId());
    int address = ADDRESSES.incrementAndGet();
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/auth/register"))
                      .header("Content-Type", "application/json")
                      // The loopback is a trusted proxy in the test settings: each registration its
                      // own address.
                      .header(
                          "X-Forwarded-For",
                          "10.77." + ((address >> 8) & 0xff) + "." + (address & 0xff))
                      .timeout(Duration.ofSeconds(60))
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              JSON.writeValueAsString(
                                  Map.of(
                                      "username",
                                      username,
                                      "email",
                                      username.toLowerCase() + "@example.org",
                                      "password",
                                      PASSWORD))))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 201) {
        throw new AssertionError(
            "registering " + username + ": " + response.statusCode() + " " + response.body());
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A unique username that still says which test made it: 3 to 32 of A-Z a-z 0-9 _ . -. */
  private static String username(String name, String playerId) {
    String readable = name.replaceAll("[^A-Za-z0-9_.-]", "");
    if (readable.length() > 14) {
      readable = readable.substring(0, 14);
    }
    if (readable.isEmpty() || !Character.isLetterOrDigit(readable.charAt(0))) {
      readable = "p" + readable;
    }
    return readable + "_" + playerId.substring(0, 16);
  }
}
