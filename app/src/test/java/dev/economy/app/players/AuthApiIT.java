package dev.economy.app.players;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.economy.app.IntegrationTest;
import dev.economy.command.players.PlayerDirectory;
import dev.economy.messages.ledger.LedgerRules;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Registration and login over HTTP, as a client sees them, with the short limits of the test
 * configuration (src/test/resources/config/application.yml) so that a lockout can be waited out.
 *
 * <p>The server trusts X-Forwarded-For from the loopback addresses in the tests, so each test plays
 * a client address of its own (fresh counters in Redis, run after run).
 */
class AuthApiIT extends IntegrationTest {

  @Value("${economy.auth.login-failures-max}")
  int failuresMax;

  @Value("${economy.auth.lockout-duration}")
  Duration lockout;

  @Value("${economy.auth.login-attempts-per-address-max}")
  int loginsPerAddress;

  @Value("${economy.auth.registrations-per-address-max}")
  int registrationsPerAddress;

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired EventStore eventStore;
  @Autowired PlayerDirectory directory;
  @Autowired ObjectMapper json;

  private ConnectionProvider connections;
  private WebTestClient client;
  private final String run = Long.toString(System.nanoTime(), 36);
  private String address;

  @BeforeEach
  void setUp() {
    connections = ConnectionProvider.builder("auth-api-test").maxConnections(4).build();
    client =
        WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.create(connections)))
            .baseUrl("http://127.0.0.1:" + port)
            .responseTimeout(Duration.ofSeconds(60))
            .build();
    address = newAddress();
  }

  @AfterEach
  void tearDown() {
    connections.disposeLater().block(Duration.ofSeconds(10));
  }

  // --- registration ---

  @Test
  void registeringAnswers201WithTheServerChosenIdAndOpensTheWalletAndBank() {
    JsonNode registered =
        register("Neo_" + run, "Neo." + run + "@Example.COM", "follow the white rabbit", 201);
    String playerId = registered.get("playerId").asText();

    assertThat(playerId).matches("[0-9a-f]{32}");
    assertThat(registered.get("username").asText()).isEqualTo("Neo_" + run);
    assertThat(registered.get("email").asText()).isEqualTo("neo." + run + "@example.com");
    assertThat(registered.get("walletAccountId").asText())
        .isEqualTo(LedgerRules.walletAccountId(playerId));
    assertThat(registered.get("bankAccountId").asText())
        .isEqualTo(LedgerRules.bankAccountId(playerId));
    assertThat(registered.has("password")).isFalse();
    assertThat(eventStore.lastSequenceNumberFor(LedgerRules.walletAccountId(playerId))).isPresent();
    assertThat(eventStore.lastSequenceNumberFor(LedgerRules.bankAccountId(playerId))).isPresent();
  }

  @Test
  void aRegistrationThatBreaksTheRulesIs400WithEveryRuleAndRegistersNothing() {
    JsonNode problem =
        post(
            "/api/v1/auth/register",
            body("username", "x", "email", "not-an-address", "password", "short"),
            400);
    assertThat(problem.get("code").asText()).isEqualTo("validation_failed");
    assertThat(problem.get("detail").asText())
        .contains("username must be", "email must be", "password must have at least 10");
    assertThat(problem.toString()).doesNotContain("short\"").doesNotContain("not-an-address");
    assertThat(directory.findPlayerByUsername("x")).isEmpty();
  }

  @Test
  void anOverlongPasswordIsRefusedBeforeHashing() {
    JsonNode problem =
        post(
            "/api/v1/auth/register",
            body(
                "username",
                "long" + run,
                "email",
                "long" + run + "@example.com",
                "password",
                "p".repeat(129)),
            400);
    assertThat(problem.get("detail").asText()).isEqualTo("password is longer than 128 characters");
    assertThat(directory.findPlayerByUsername("long" + run)).isEmpty();
  }

  @Test
  void aPasswordThatContainsTheUsernameIsRefused() {
    JsonNode problem =
        post(
            "/api/v1/auth/register",
            body(
                "username",
                "trinity" + run,
                "email",
                "t" + run + "@example.com",
                "password",
                "TRINITY" + run + "123"),
            400);
    assertThat(problem.get("detail").asText()).isEqualTo("password must not contain the username");
  }

  @Test
  void aTakenUsernameInAnotherCaseIs409UsernameTaken() {
    register("Morpheus" + run, "morpheus" + run + "@example.com", "there is no spoon", 201);
    JsonNode problem =
        register("MORPHEUS" + run, "other" + run + "@example.com", "there is no spoon", 409);
    assertThat(problem.get("code").asText()).isEqualTo("username_taken");
  }

  @Test
  void aTakenEmailInAnotherSpellingIs409EmailTaken() {
    register("oracle" + run, "oracle" + run + "@example.com", "know thyself now", 201);
    JsonNode problem =
        register("pythia" + run, "  ORACLE" + run + "@Example.com ", "know thyself now", 409);
    assertThat(problem.get("code").asText()).isEqualTo("email_taken");
  }

  @Test
  void registrationsFromOneAddressAreLimited() {
    register("first" + run, "first" + run + "@example.com", "a fine passphrase", 201);
    for (int i = 1; i < registrationsPerAddress; i++) {
      // Refused ones count too: the limit is on attempts.
      register("first" + run, "first" + run + "@example.com", "a fine passphrase", 409);
    }
    EntityExchangeResult<byte[]> limited =
        exchange(
            "/api/v1/auth/register",
            body(
                "username",
                "second" + run,
                "email",
                "second" + run + "@example.com",
                "password",
                "a fine passphrase"));
    assertThat(limited.getStatus().value()).isEqualTo(429);
    assertThat(read(limited).get("code").asText()).isEqualTo("too_many_attempts");
    assertThat(Long.parseLong(limited.getResponseHeaders().getFirst("Retry-After")))
        .isBetween(1L, 60L);
    assertThat(directory.findPlayerByUsername("second" + run)).isEmpty();

    address = newAddress();
    register("second" + run, "second" + run + "@example.com", "a fine passphrase", 201);
  }

  // --- login ---

  @Test
  void loggingInByUsernameOrEmailAnswersThePlayersTokensAndRecordsTheLogin() throws Exception {
    String playerId =
        register("Tank" + run, "tank" + run + "@example.com", "operator on line", 201)
            .get("playerId")
            .asText();

    EntityExchangeResult<byte[]> answer =
        exchange(
            "/api/v1/auth/login", body("username", "tank" + run, "password", "operator on line"));
    assertThat(answer.getStatus().value()).isEqualTo(200);
    assertThat(answer.getResponseHeaders().getCacheControl()).isEqualTo("no-store");
    JsonNode loggedIn = read(answer);
    assertThat(loggedIn.get("playerId").asText()).isEqualTo(playerId);
    assertThat(loggedIn.get("tokenType").asText()).isEqualTo("Bearer");
    assertThat(loggedIn.get("refreshToken").asText()).isNotBlank();
    assertThat(loggedIn.get("expiresIn").asLong()).isPositive();
    // The access token is the player's: its claims name them, and the caller seam accepts it.
    JsonNode claims =
        json.readTree(
            java.util.Base64.getUrlDecoder()
                .decode(loggedIn.get("accessToken").asText().split("\\.")[1]));
    assertThat(claims.get("sub").asText()).isEqualTo("player:" + playerId);
    assertThat(claims.get("player_id").asText()).isEqualTo(playerId);
    // (the read side may take a moment to project the new accounts: 404 until then, never 401)
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                client
                    .get()
                    .uri("/api/v1/players/{id}/accounts", playerId)
                    .header("Authorization", "Bearer " + loggedIn.get("accessToken").asText())
                    .exchange()
                    .expectStatus()
                    .isOk());
    assertThat(
            logIn(body("email", "TANK" + run + "@example.com", "password", "operator on line"), 200)
                .get("playerId")
                .asText())
        .isEqualTo(playerId);
    assertThat(
            logIn(
                    body("username", "tank" + run + "@example.com", "password", "operator on line"),
                    200)
                .get("playerId")
                .asText())
        .isEqualTo(playerId);
    assertThat(eventPayloads(playerId))
        .filteredOn(p -> p.type().endsWith("PlayerLoggedInEvent"))
        .hasSize(3)
        .allSatisfy(p -> assertThat(p.json()).contains("\"address\":\"" + address + "\""));
  }

  @Test
  void aWrongPasswordAndAnUnknownNameGetTheSame401() {
    String playerId =
        register("Dozer" + run, "dozer" + run + "@example.com", "zion mainframe", 201)
            .get("playerId")
            .asText();

    EntityExchangeResult<byte[]> wrong =
        exchange(
            "/api/v1/auth/login", body("username", "dozer" + run, "password", "zion mainframe!"));
    EntityExchangeResult<byte[]> unknown =
        exchange(
            "/api/v1/auth/login", body("username", "nobody" + run, "password", "zion mainframe"));

    assertThat(wrong.getStatus().value()).isEqualTo(401);
    assertThat(unknown.getStatus().value()).isEqualTo(401);
    assertThat(read(wrong)).isEqualTo(read(unknown));
    assertThat(read(wrong).get("code").asText()).isEqualTo("invalid_credentials");
    assertThat(eventPayloads(playerId))
        .filteredOn(p -> p.type().endsWith("PlayerLoginFailedEvent"))
        .hasSize(1);
  }

  @Test
  void bruteForceEndsInALockoutWith429AndTheRightPasswordWorksAfterItExpires() throws Exception {
    String playerId =
        register("Switch" + run, "switch" + run + "@example.com", "the right password", 201)
            .get("playerId")
            .asText();
    for (int i = 1; i < failuresMax; i++) {
      assertThat(
              logIn(body("username", "switch" + run, "password", "guess number " + i), 401)
                  .get("code")
                  .asText())
          .isEqualTo("invalid_credentials");
    }
    EntityExchangeResult<byte[]> lockedOut =
        exchange("/api/v1/auth/login", body("username", "switch" + run, "password", "last guess"));
    assertThat(lockedOut.getStatus().value()).isEqualTo(429);
    assertThat(read(lockedOut).get("code").asText()).isEqualTo("too_many_attempts");
    assertThat(lockedOut.getResponseHeaders().getFirst("Retry-After"))
        .isEqualTo(Long.toString(lockout.toSeconds()));

    // Locked out: even the right password is refused, from any address.
    address = newAddress();
    EntityExchangeResult<byte[]> stillLocked =
        exchange(
            "/api/v1/auth/login",
            body("username", "switch" + run, "password", "the right password"));
    assertThat(stillLocked.getStatus().value()).isEqualTo(429);
    assertThat(Long.parseLong(stillLocked.getResponseHeaders().getFirst("Retry-After")))
        .isBetween(1L, lockout.toSeconds());
    assertThat(eventPayloads(playerId))
        .filteredOn(p -> p.type().endsWith("PlayerLockedOutEvent"))
        .hasSize(1);
    assertThat(eventPayloads(playerId))
        .filteredOn(p -> p.type().endsWith("PlayerLoggedInEvent"))
        .isEmpty();

    Thread.sleep(lockout.toMillis() + 300);
    assertThat(
            logIn(body("username", "switch" + run, "password", "the right password"), 200)
                .get("playerId")
                .asText())
        .isEqualTo(playerId);
  }

  @Test
  void anUnknownNameIsLockedOutLikeAKnownOne() {
    for (int i = 1; i < failuresMax; i++) {
      logIn(body("username", "ghost" + run, "password", "guess number " + i), 401);
    }
    EntityExchangeResult<byte[]> lockedOut =
        exchange("/api/v1/auth/login", body("username", "ghost" + run, "password", "last guess"));
    assertThat(lockedOut.getStatus().value()).isEqualTo(429);
    assertThat(lockedOut.getResponseHeaders().getFirst("Retry-After"))
        .isEqualTo(Long.toString(lockout.toSeconds()));
  }

  @Test
  void loginAttemptsFromOneAddressAreLimitedAndOtherAddressesAreNot() {
    String playerId =
        register("Mouse" + run, "mouse" + run + "@example.com", "woman in red dress", 201)
            .get("playerId")
            .asText();
    String guesser = newAddress();
    address = guesser;
    for (int i = 0; i < loginsPerAddress; i++) {
      // A different name each time: no account lockout, only the address counts.
      logIn(body("username", "spray" + run + "-" + i, "password", "some password"), 401);
    }
    EntityExchangeResult<byte[]> limited =
        exchange(
            "/api/v1/auth/login",
            body("username", "mouse" + run, "password", "woman in red dress"));
    assertThat(limited.getStatus().value()).isEqualTo(429);
    assertThat(read(limited).get("code").asText()).isEqualTo("too_many_attempts");
    assertThat(Long.parseLong(limited.getResponseHeaders().getFirst("Retry-After")))
        .isBetween(1L, 60L);

    address = newAddress();
    assertThat(
            logIn(body("username", "mouse" + run, "password", "woman in red dress"), 200)
                .get("playerId")
                .asText())
        .isEqualTo(playerId);
  }

  @Test
  void aLoginWithoutPasswordOrNameIs400() {
    assertThat(logIn(body("username", "someone"), 400).get("detail").asText())
        .contains("password is missing");
    assertThat(logIn(body("password", "something long"), 400).get("detail").asText())
        .contains("username (or email) is missing");
    assertThat(
            logIn(body("username", "a", "email", "a@example.com", "password", "x"), 400)
                .get("detail")
                .asText())
        .contains("not both");
  }

  // --- malformed text ---

  /** JSON escapes a client can send: a lone high surrogate, a lone low surrogate, NUL, ESC. */
  private static final String[] MALFORMED = {"\\ud800", "\\udc00", "\\u0000", "\\u001b"};

  @Test
  void malformedTextInARegistrationIs400AndRegistersNothing() throws Exception {
    for (String bad : MALFORMED) {
      String name = "Bad" + run + Integer.toHexString(bad.hashCode());
      String email = name.toLowerCase() + "@example.com";
      for (String body :
          List.of(
              jsonOf(name, email, "abcdefghijk" + bad),
              jsonOf(name + bad, email, "abcdefghijk long enough"),
              jsonOf(name, email.replace("@", bad + "@"), "abcdefghijk long enough"))) {
        JsonNode problem = json.readTree(raw("/api/v1/auth/register", body, 400));
        assertThat(problem.get("code").asText()).isEqualTo("validation_failed");
        assertThat(problem.get("detail").asText())
            .contains("control character or an unpaired UTF-16 surrogate");
      }
      assertThat(directory.findPlayerByUsername(name)).isEmpty();
    }
  }

  @Test
  void malformedTextInALoginIs400ForKnownAndUnknownNamesAndCountsAsAFailedAttempt()
      throws Exception {
    String playerId =
        register("Surrogate" + run, "surrogate" + run + "@example.com", "the right password", 201)
            .get("playerId")
            .asText();
    int eventsBefore = eventPayloads(playerId).size();
    address = newAddress();
    List<String> bodies = new java.util.ArrayList<>();
    for (String bad : MALFORMED) {
      bodies.add("{\"username\":\"surrogate" + run + "\",\"password\":\"abcdefghijk" + bad + "\"}");
      bodies.add("{\"username\":\"nobody" + run + "\",\"password\":\"abcdefghijk" + bad + "\"}");
      bodies.add("{\"username\":\"surrogate" + run + bad + "\",\"password\":\"abcdefghijk\"}");
    }
    for (int i = 0; i < loginsPerAddress; i++) {
      JsonNode problem =
          json.readTree(raw("/api/v1/auth/login", bodies.get(i % bodies.size()), 400));
      assertThat(problem.get("code").asText()).isEqualTo("validation_failed");
      assertThat(problem.toString()).doesNotContain("abcdefghijk");
    }
    // Each counted as a login attempt of this address: even the right password is refused now.
    EntityExchangeResult<byte[]> limited =
        exchange(
            "/api/v1/auth/login",
            body("username", "surrogate" + run, "password", "the right password"));
    assertThat(limited.getStatus().value()).isEqualTo(429);
    assertThat(read(limited).get("code").asText()).isEqualTo("too_many_attempts");
    // Nothing was written for the player: no login, no failure, no lockout.
    assertThat(eventPayloads(playerId)).hasSize(eventsBefore);

    address = newAddress();
    logIn(body("username", "surrogate" + run, "password", "the right password"), 200);
  }

  private String jsonOf(String username, String email, String password) {
    return "{\"username\":\""
        + username
        + "\",\"email\":\""
        + email
        + "\",\"password\":\""
        + password
        + "\"}";
  }

  // --- the password stays secret ---

  @Test
  void thePasswordIsInNoLogNoAnswerAndNoEvent() throws Exception {
    String password = "Secret-" + run + "-Passphrase";
    String wrongPassword = "Wrong-" + run + "-Passphrase";
    LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    ch.qos.logback.classic.Logger root = logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level rootLevel = root.getLevel();
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    // Server threads may still append while the assertions read (even after the detach below).
    logs.list = new java.util.concurrent.CopyOnWriteArrayList<>();
    logs.start();
    root.addAppender(logs);
    // Everything at DEBUG, where Spring logs decoded request bodies.
    root.setLevel(Level.DEBUG);
    List<String> answers;
    String playerId;
    try {
      // The JDK's client, which logs nothing through SLF4J: every captured line is the server's.
      JsonNode registered =
          json.readTree(
              raw(
                  "/api/v1/auth/register",
                  json.writeValueAsString(
                      body(
                          "username",
                          "Cypher" + run,
                          "email",
                          "cypher" + run + "@example.com",
                          "password",
                          password)),
                  201));
      playerId = registered.get("playerId").asText();
      answers =
          List.of(
              registered.toString(),
              raw(
                  "/api/v1/auth/login",
                  json.writeValueAsString(body("username", "cypher" + run, "password", password)),
                  200),
              raw(
                  "/api/v1/auth/login",
                  json.writeValueAsString(
                      body("username", "cypher" + run, "password", wrongPassword)),
                  401),
              raw(
                  "/api/v1/auth/login",
                  json.writeValueAsString(
                      body("username", "nobody" + run, "password", wrongPassword)),
                  401),
              raw(
                  "/api/v1/auth/register",
                  json.writeValueAsString(
                      body(
                          "username",
                          "Cypher" + run,
                          "email",
                          "cypher" + run + "@example.com",
                          "password",
                          password)),
                  409),
              // Malformed JSON: the parser's message would quote the unquoted password.
              raw(
                  "/api/v1/auth/login",
                  "{\"username\":\"cypher" + run + "\",\"password\":" + wrongPassword + "}",
                  400),
              raw(
                  "/api/v1/auth/login",
                  "{\"username\":\"cypher"
                      + run
                      + "\",\"password\":\""
                      + wrongPassword
                      + "\",\"x\":1}",
                  400));
    } finally {
      root.setLevel(rootLevel);
      root.detachAppender(logs);
    }

    assertThat(answers)
        .allSatisfy(
            answer -> assertThat(answer).doesNotContain(password).doesNotContain(wrongPassword));
    assertThat(answers.get(5)).contains("malformed JSON");
    // The capture works: it holds the server's DEBUG line of the decoded login body.
    assertThat(logs.list)
        .as("log lines captured")
        .anyMatch(event -> event.getFormattedMessage().contains("LoginRequest["));
    for (ILoggingEvent event : logs.list) {
      String line =
          event.getFormattedMessage()
              + (event.getThrowableProxy() == null
                  ? ""
                  : ThrowableProxyUtil.asString(event.getThrowableProxy()));
      assertThat(line).doesNotContain(password).doesNotContain(wrongPassword);
    }
    List<EventPayload> events = eventPayloads(playerId);
    assertThat(events)
        .extracting(EventPayload::type)
        .anyMatch(type -> type.endsWith("PlayerRegisteredEvent"));
    assertThat(events)
        .allSatisfy(
            event ->
                assertThat(event.json()).doesNotContain(password).doesNotContain(wrongPassword));
    // The hash is in the one event the aggregate needs it in, and in no other.
    assertThat(events)
        .filteredOn(event -> event.json().contains("$argon2id$"))
        .extracting(EventPayload::type)
        .allMatch(type -> type.endsWith("PlayerPasswordSetEvent"))
        .hasSize(1);
  }

  // --- helpers ---

  record EventPayload(String type, String json) {}

  private List<EventPayload> eventPayloads(String playerId) {
    return jdbc.query(
        "select payloadtype, convert_from(payload, 'UTF8') from domainevententry where aggregateidentifier = ?"
            + " order by sequencenumber",
        (row, i) -> new EventPayload(row.getString(1), row.getString(2)),
        playerId);
  }

  /** POST with the JDK's HTTP client; answers the body. */
  private String raw(String path, String body, int status) throws Exception {
    java.net.http.HttpResponse<String> response =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + path))
                    .header("Content-Type", "application/json")
                    .header("X-Forwarded-For", address)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as("status of %s: %s", path, response.body())
        .isEqualTo(status);
    return response.body();
  }

  private JsonNode register(String username, String email, String password, int status) {
    return post(
        "/api/v1/auth/register",
        body("username", username, "email", email, "password", password),
        status);
  }

  private JsonNode logIn(Map<String, Object> body, int status) {
    return post("/api/v1/auth/login", body, status);
  }

  private JsonNode post(String path, Object body, int status) {
    EntityExchangeResult<byte[]> result = exchange(path, body);
    assertThat(result.getStatus().value())
        .as(
            "status of %s: %s",
            path,
            new String(
                result.getResponseBodyContent() == null
                    ? new byte[0]
                    : result.getResponseBodyContent()))
        .isEqualTo(status);
    return read(result);
  }

  private EntityExchangeResult<byte[]> exchange(String path, Object body) {
    return client
        .post()
        .uri(path)
        .contentType(MediaType.APPLICATION_JSON)
        .header("X-Forwarded-For", address)
        .bodyValue(body)
        .exchange()
        .expectBody()
        .returnResult();
  }

  private JsonNode read(EntityExchangeResult<byte[]> result) {
    try {
      return json.readTree(result.getResponseBodyContent());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> body(Object... keysAndValues) {
    Map<String, Object> body = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      body.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return body;
  }

  /** A client address of the documentation range, new for each use (its own counters in Redis). */
  private static String newAddress() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    // The canonical form, as the server writes it into the events.
    return String.format(
        "2001:db8:0:0:0:%x:%x:%x",
        random.nextInt(0x10000), random.nextInt(0x10000), random.nextInt(0x10000));
  }
}
