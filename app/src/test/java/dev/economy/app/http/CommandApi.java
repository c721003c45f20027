package dev.economy.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.economy.app.TestPlayers;
import dev.economy.app.TestTokens;
import dev.economy.app.ledger.AccountAggregates;
import dev.economy.command.ledger.Account;
import dev.economy.messages.ledger.SystemAccount;
import dev.economy.messages.ledger.TransferIds;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.modelling.command.Repository;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The command API as a client sees it: a WebTestClient bound to the running server's port (not to
 * the application context, so requests cross the real network stack), plus what a test needs to
 * check that a request moved money, or changed nothing: balances as the command side holds them and
 * the event rows of the aggregates a request would touch.
 */
final class CommandApi implements AutoCloseable {

  /** The actor (an admin client) that funds test accounts out of system:payroll. */
  static final String PAYROLL_ACTOR = "test-payroll";

  /** The actor (an admin client) that opens the test players' accounts. */
  static final String SETUP_ACTOR = "test-setup";

  private static final AtomicLong SEQUENCE = new AtomicLong();

  private final int port;
  private final ConnectionProvider connections;
  private final WebTestClient client;
  private final JdbcTemplate jdbc;
  private final AccountAggregates aggregates;
  private final TestTokens tokens;
  private final TestPlayers players;

  CommandApi(
      int port,
      JdbcTemplate jdbc,
      Repository<Account> accountRepository,
      TestTokens tokens,
      TestPlayers players) {
    this.port = port;
    // Its own connection pool, closed after each test (see close()).
    this.connections = ConnectionProvider.builder("command-api-test").maxConnections(8).build();
    this.client =
        WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.create(connections)))
            .baseUrl("http://localhost:" + port)
            // A 500-command batch runs 1000 ledger commands one after another on a shared 2-core
            // box.
            .responseTimeout(Duration.ofSeconds(90))
            .build();
    this.jdbc = jdbc;
    this.aggregates = new AccountAggregates(accountRepository);
    this.tokens = tokens;
    this.players = players;
  }

  TestPlayers players() {
    return players;
  }

  TestTokens tokens() {
    return tokens;
  }

  /** The Authorization header value of an actor: a test client's id, or "player:{id}". */
  String bearer(String actor) {
    return tokens.bearerFor(actor);
  }

  /**
   * Closes this client's connections. With Spring's default connector (WebTestClient.bindToServer()
   * without one: its own event loops, connections never closed), the server (Reactor Netty 1.2.11)
   * still counted some idle kept-alive connections as busy when the test JVM exited, and its
   * graceful shutdown waited out its whole timeout. This client runs on Reactor Netty's shared
   * resources and closes its connections after each test, as a client that goes away does.
   */
  @Override
  public void close() {
    connections.disposeLater().block(Duration.ofSeconds(10));
  }

  WebTestClient client() {
    return client;
  }

  /**
   * The server's URI of a path sent exactly as written (percent-escapes included, never
   * re-encoded).
   */
  java.net.URI rawUri(String path) {
    return java.net.URI.create("http://localhost:" + port + path);
  }

  /** A name no other test (or earlier run against the same database) uses. */
  static String unique(String name) {
    return name + "-" + Long.toString(System.nanoTime(), 36) + "-" + SEQUENCE.incrementAndGet();
  }

  static String transferId(String actor, String idempotencyKey) {
    return TransferIds.transferId(actor, idempotencyKey);
  }

  static Map<String, Object> transferBody(
      String key, String from, String to, Object amountMinor, String reasonCode, String memo) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("idempotencyKey", key);
    body.put("fromAccountId", from);
    body.put("toAccountId", to);
    body.put("amountMinor", amountMinor);
    body.put("reasonCode", reasonCode);
    body.put("memo", memo);
    return body;
  }

  /**
   * POSTs a body serialized as JSON (a Map keeps exactly the fields a test wants to send), with the
   * access token of the actor: a test client's id, or "player:{id}" for that player's token.
   */
  WebTestClient.ResponseSpec post(String actor, String path, Object body) {
    return client
        .post()
        .uri(path)
        .header(HttpHeaders.AUTHORIZATION, bearer(actor))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  /** POSTs JSON text as it is: for bodies no serializer would write (malformed, wrong types). */
  WebTestClient.ResponseSpec postRaw(String actor, String path, String json) {
    return client
        .post()
        .uri(path)
        .header(HttpHeaders.AUTHORIZATION, bearer(actor))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(json)
        .exchange();
  }

  JsonNode expectJson(WebTestClient.ResponseSpec response, int status) {
    EntityExchangeResult<JsonNode> result =
        response.expectStatus().isEqualTo(status).expectBody(JsonNode.class).returnResult();
    MediaType contentType = result.getResponseHeaders().getContentType();
    assertThat(contentType).as("content type of %s", result.getResponseBody()).isNotNull();
    assertThat(contentType.getType() + "/" + contentType.getSubtype())
        .isEqualTo("application/json");
    return result.getResponseBody();
  }

  /** Asserts an RFC 9457 problem with the given status and code, and returns its body. */
  static JsonNode expectProblem(WebTestClient.ResponseSpec response, int status, String code) {
    return expectProblemExchange(response, status, code).getResponseBody();
  }

  /** As {@link #expectProblem}, for a test that also looks at the response headers. */
  static EntityExchangeResult<JsonNode> expectProblemExchange(
      WebTestClient.ResponseSpec response, int status, String code) {
    EntityExchangeResult<JsonNode> result =
        response.expectStatus().isEqualTo(status).expectBody(JsonNode.class).returnResult();
    JsonNode problem = result.getResponseBody();
    assertProblemContentType(result.getResponseHeaders().getContentType(), problem);
    assertProblem(problem, status, code);
    return result;
  }

  static void assertProblemContentType(MediaType contentType, Object body) {
    assertThat(contentType).as("content type of %s", body).isNotNull();
    assertThat(contentType.getType() + "/" + contentType.getSubtype())
        .as("content type of %s", body)
        .isEqualTo("application/problem+json");
  }

  static void assertProblem(JsonNode problem, int status, String code) {
    assertThat(problem).as("problem body").isNotNull();
    assertThat(problem.path("code").asText()).as("code of %s", problem).isEqualTo(code);
    assertThat(problem.path("status").asInt()).as("status of %s", problem).isEqualTo(status);
    assertThat(problem.path("type").asText())
        .as("type of %s", problem)
        .isEqualTo("urn:economy:problem:" + code);
    String title = Character.toUpperCase(code.charAt(0)) + code.substring(1).replace('_', ' ');
    assertThat(problem.path("title").asText()).as("title of %s", problem).isEqualTo(title);
    assertThat(problem.path("detail").asText()).as("detail of %s", problem).isNotBlank();
    // Errors are values, never stack traces or our class names.
    assertThat(problem.toString()).doesNotContain("dev.economy", "Exception", "\tat ");
  }

  /**
   * A fresh registered player whose wallet and bank are open; answers the player id. Registered as
   * registration does it (which opens both accounts), then asked through the API to open them: they
   * are open, so 200 with their ids.
   */
  String openPlayer(String name) {
    String playerId = players.registerWithAccounts(name);
    JsonNode opened =
        expectJson(
            client
                .post()
                .uri("/api/v1/players/{playerId}/accounts", playerId)
                .header(HttpHeaders.AUTHORIZATION, bearer(SETUP_ACTOR))
                .exchange(),
            200);
    assertThat(opened.path("walletAccountId").asText()).isEqualTo("player:" + playerId + ":wallet");
    return playerId;
  }

  /** Issues money to an account out of system:payroll, through the API. */
  void fund(String accountId, long amountMinor) {
    JsonNode outcome =
        expectJson(
            post(
                PAYROLL_ACTOR,
                "/api/v1/transfers",
                transferBody(
                    unique("fund"),
                    SystemAccount.PAYROLL.accountId(),
                    accountId,
                    amountMinor,
                    "salary",
                    null)),
            201);
    assertThat(outcome.path("status").asText()).isEqualTo("COMPLETED");
  }

  long balance(String accountId) {
    return aggregates.load(accountId).balanceMinor();
  }

  AccountAggregates.AccountState account(String accountId) {
    return aggregates.load(accountId);
  }

  /** Event rows per aggregate: taken before a refused request and compared after it. */
  Map<String, Long> eventRows(String... aggregateIds) {
    Map<String, Long> rows = new LinkedHashMap<>();
    for (String aggregateId : aggregateIds) {
      rows.put(
          aggregateId,
          jdbc.queryForObject(
              "select count(*) from domainevententry where aggregateidentifier = ?",
              Long.class,
              aggregateId));
    }
    return rows;
  }

  void assertNoNewEvents(Map<String, Long> before) {
    assertThat(eventRows(before.keySet().toArray(String[]::new)))
        .as("event rows per aggregate")
        .isEqualTo(before);
  }

  long eventRowsOfType(String aggregateId, Class<?> payloadType) {
    Long rows =
        jdbc.queryForObject(
            "select count(*) from domainevententry where aggregateidentifier = ? and payloadtype = ?",
            Long.class,
            aggregateId,
            payloadType.getName());
    return rows == null ? 0 : rows;
  }

  /**
   * A field of the payload of an aggregate's events of one type (the Jackson serializer stores
   * JSON).
   */
  List<String> payloadField(String aggregateId, Class<?> payloadType, String field) {
    return jdbc.queryForList(
        "select convert_from(payload, 'UTF8')::jsonb ->> ? from domainevententry"
            + " where aggregateidentifier = ? and payloadtype = ? order by globalindex",
        String.class,
        field,
        aggregateId,
        payloadType.getName());
  }
}
