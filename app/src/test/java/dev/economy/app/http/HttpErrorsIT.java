package dev.economy.app.http;

import static dev.economy.app.http.CommandApi.expectProblem;
import static dev.economy.app.http.CommandApi.expectProblemExchange;
import static dev.economy.app.http.CommandApi.transferBody;
import static dev.economy.app.http.CommandApi.transferId;
import static dev.economy.app.http.CommandApi.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.economy.app.TestTokens;
import dev.economy.messages.ledger.LedgerRules;
import dev.economy.messages.ledger.SystemAccount;
import dev.economy.messages.ledger.TransferInitiatedEvent;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.DecoderHttpMessageReader;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.codec.json.Jackson2JsonDecoder;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.core.publisher.Flux;

/**
 * Errors raised outside the controllers (no route, wrong method, wrong media type, the body limit,
 * the caller seam) are problem+json too, and change nothing. Also: the caller seam decides the
 * actor, and strict JSON applies to HTTP request bodies only, not to Axon's serializer.
 */
class HttpErrorsIT extends CommandApiTest {

  /** The caller: the paying player once a fixture is made (a player moves only their own money). */
  private String actor = TestTokens.ADMIN;

  @Value("${economy.http.body-bytes-max}")
  DataSize bodyBytesMax;

  @Autowired
  @Qualifier("eventSerializer")
  Serializer eventSerializer;

  @Autowired ServerCodecConfigurer serverCodecConfigurer;

  @Test
  void anUnknownRouteIsNotFound() {
    expectProblem(api.post(actor, "/api/v1/nothing-here", Map.of("a", 1)), 404, "not_found");
    expectProblem(api.client().get().uri("/api/v1/nothing-here").exchange(), 404, "not_found");
  }

  @Test
  void aRouteCalledWithTheWrongMethodIsMethodNotAllowed() {
    expectProblem(
        api.client()
            .get()
            .uri("/api/v1/transfers")
            .exchange()
            .expectHeader()
            .value(HttpHeaders.ALLOW, allow -> assertThat(allow).contains("POST")),
        405,
        "method_not_allowed");
    expectProblem(
        api.client().delete().uri("/api/v1/ingress/batch").exchange(), 405, "method_not_allowed");
  }

  @Test
  void aBodyThatIsNotJsonIsUnsupportedMediaTypeAndChangesNothing() {
    Fixture fixture = fixture();
    String json = transferJson(fixture, 10, "");

    WebTestClient.ResponseSpec response =
        api.client()
            .post()
            .uri("/api/v1/transfers")
            .header(HttpHeaders.AUTHORIZATION, api.bearer(actor))
            .contentType(MediaType.TEXT_PLAIN)
            .bodyValue(json)
            .exchange();

    // The unread body was read and dropped before the answer: the connection stays usable.
    assertKeptOpen(expectProblemExchange(response, 415, "unsupported_media_type"));
    assertKeptOpen(
        expectProblemExchange(
            api.client()
                .post()
                .uri("/api/v1/transfers")
                .header(HttpHeaders.AUTHORIZATION, api.bearer(actor))
                .bodyValue(json)
                .exchange(),
            415,
            "unsupported_media_type"));
    api.assertNoNewEvents(fixture.before);
    // The same client goes on working on a new connection.
    api.expectJson(api.postRaw(actor, "/api/v1/transfers", json), 201);
  }

  @Test
  void aBodyDeclaredLargerThanTheLimitIsPayloadTooLargeBeforeItIsRead() {
    Fixture fixture = fixture();
    // A valid transfer, padded with whitespace past the limit: were the limit not enforced, it
    // would move money.
    byte[] body =
        transferJson(fixture, 10, " ".repeat((int) bodyBytesMax.toBytes()))
            .getBytes(StandardCharsets.UTF_8);

    WebTestClient.ResponseSpec response =
        api.client()
            .post()
            .uri("/api/v1/transfers")
            .header(HttpHeaders.AUTHORIZATION, api.bearer(actor))
            .contentType(MediaType.APPLICATION_JSON)
            .contentLength(body.length)
            .bodyValue(body)
            .exchange();

    EntityExchangeResult<JsonNode> refused =
        expectProblemExchange(response, 413, "payload_too_large");
    assertThat(refused.getResponseBody().path("detail").asText())
        .contains(Long.toString(bodyBytesMax.toBytes()));
    assertKeptOpen(refused);
    api.assertNoNewEvents(fixture.before);
    assertThat(api.balance(fixture.payer)).isEqualTo(1_000);
  }

  @Test
  void aChunkedBodyLargerThanTheLimitIsPayloadTooLarge() {
    Fixture fixture = fixture();
    byte[] body =
        transferJson(fixture, 10, " ".repeat((int) bodyBytesMax.toBytes()))
            .getBytes(StandardCharsets.UTF_8);

    WebTestClient.ResponseSpec response =
        api.client()
            .post()
            .uri("/api/v1/transfers")
            .header(HttpHeaders.AUTHORIZATION, api.bearer(actor))
            .contentType(MediaType.APPLICATION_JSON)
            .body(BodyInserters.fromDataBuffers(chunked(body, 64 * 1024)))
            .exchange();

    assertKeptOpen(expectProblemExchange(response, 413, "payload_too_large"));
    api.assertNoNewEvents(fixture.before);
    assertThat(api.balance(fixture.payer)).isEqualTo(1_000);
  }

  @Test
  void aBodyDeclaredFarLargerThanTheLimitIsRefusedAtOnceAndTheConnectionClosed() throws Exception {
    Fixture fixture = fixture();
    long declared = 5 * bodyBytesMax.toBytes();
    // A raw client: it sends the headers only, as a client waiting to stream a huge body would.
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(10_000);
      String head =
          "POST /api/v1/transfers HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
              + api.bearer(actor)
              + "\r\n"
              + "Content-Type: application/json\r\nContent-Length: "
              + declared
              + "\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();

      // The whole answer arrives and then the end of the stream: the server closed the connection.
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(answer).startsWith("HTTP/1.1 413");
      assertThat(answer.toLowerCase(Locale.ROOT))
          .contains("content-type: application/problem+json")
          .contains("connection: close");
      CommandApi.assertProblem(
          new ObjectMapper().readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4)),
          413,
          "payload_too_large");
    }
    api.assertNoNewEvents(fixture.before);
  }

  @Test
  void aRequestLineOverTheLimitIsUriTooLongAsProblemJsonAlsoWhenPipelined() throws Exception {
    String tooLong =
        "GET /api/v1/accounts/" + "x".repeat(5000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(tooLong.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();

      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertUriTooLong(answer);
    }
    // Pipelined behind an ordinary request on a kept-alive connection: both are answered, in order.
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(10_000);
      String first = "GET /api/v1/nothing-here HTTP/1.1\r\nHost: localhost\r\n\r\n";
      socket.getOutputStream().write((first + tooLong).getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();

      String answers = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(answers).startsWith("HTTP/1.1 404");
      int second = answers.indexOf("HTTP/1.1 414");
      assertThat(second).as(answers).isPositive();
      assertUriTooLong(answers.substring(second));
    }
  }

  private static void assertUriTooLong(String answer) throws Exception {
    assertThat(answer).startsWith("HTTP/1.1 414");
    assertThat(answer.toLowerCase(Locale.ROOT))
        .contains("content-type: application/problem+json")
        .contains("connection: close");
    JsonNode problem =
        new ObjectMapper().readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
    CommandApi.assertProblem(problem, 414, "uri_too_long");
    assertThat(problem.path("detail").asText()).contains("4096");
  }

  @Test
  void aChunkedBodyWithinTheLimitIsReadAsUsual() {
    Fixture fixture = fixture();
    // Larger than Spring's default 256 KiB codec buffer, smaller than the body limit.
    byte[] body =
        transferJson(fixture, 10, " ".repeat(300 * 1024)).getBytes(StandardCharsets.UTF_8);

    WebTestClient.ResponseSpec response =
        api.client()
            .post()
            .uri("/api/v1/transfers")
            .header(HttpHeaders.AUTHORIZATION, api.bearer(actor))
            .contentType(MediaType.APPLICATION_JSON)
            .body(BodyInserters.fromDataBuffers(chunked(body, 16 * 1024)))
            .exchange();

    api.expectJson(response, 201);
    assertThat(api.balance(fixture.payee)).isEqualTo(10);
  }

  @Test
  void aMalformedAuthorizationIsUnauthenticatedAndChangesNothing() {
    Fixture fixture = fixture();
    String json = transferJson(fixture, 10, "");
    for (String authorization :
        new String[] {
          "Basic dGVzdDp0ZXN0",
          "Bearer",
          "Bearer not-a-jwt",
          "Bearer a.b.c",
          api.tokens().accessTokenFor(actor)
        }) {
      EntityExchangeResult<JsonNode> refused =
          expectProblemExchange(
              api.client()
                  .post()
                  .uri("/api/v1/transfers")
                  .header(HttpHeaders.AUTHORIZATION, authorization)
                  .contentType(MediaType.APPLICATION_JSON)
                  .bodyValue(json)
                  .exchange(),
              401,
              "unauthenticated");
      assertThat(refused.getResponseHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))
          .as(authorization)
          .startsWith("Bearer ")
          .contains("error=\"invalid_token\"");
    }
    expectProblem(
        api.client()
            .post()
            .uri("/api/v1/transfers")
            .header(HttpHeaders.AUTHORIZATION, api.bearer(actor), api.bearer(actor))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(json)
            .exchange(),
        401,
        "unauthenticated");
    api.assertNoNewEvents(fixture.before);
  }

  @Test
  void theCallerSeamNamesTheActorAndScopesIdempotencyKeysToIt() {
    Fixture fixture = fixture();
    String key = fixture.key;

    // Without a token nobody moves money, and the X-Economy-Actor header of old names no one.
    expectProblemExchange(
        api.client()
            .post()
            .uri("/api/v1/transfers")
            .header("X-Economy-Actor", TestTokens.ADMIN)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(transferBody(key, fixture.payer, fixture.payee, 10, "gift", null))
            .exchange(),
        401,
        "unauthenticated");
    api.assertNoNewEvents(fixture.before);

    JsonNode player =
        api.expectJson(
            api.post(
                actor,
                "/api/v1/transfers",
                transferBody(key, fixture.payer, fixture.payee, 10, "gift", null)),
            201);
    JsonNode admin =
        api.expectJson(
            api.post(
                TestTokens.ADMIN,
                "/api/v1/transfers",
                transferBody(
                    key, SystemAccount.ADMIN_GRANTS.accountId(), fixture.payee, 10, "grant", null)),
            201);

    // The same key from two callers is two transfers: keys are scoped to their sender, named by the
    // token.
    assertThat(actor).startsWith("player:");
    assertThat(player.path("transferId").asText()).isEqualTo(transferId(actor, key));
    assertThat(admin.path("transferId").asText()).isEqualTo(transferId(TestTokens.ADMIN, key));
    assertThat(api.payloadField(transferId(actor, key), TransferInitiatedEvent.class, "actor"))
        .containsExactly(actor);
    assertThat(
            api.payloadField(
                transferId(TestTokens.ADMIN, key), TransferInitiatedEvent.class, "actor"))
        .containsExactly(TestTokens.ADMIN);
    assertThat(api.balance(fixture.payee)).isEqualTo(20);
  }

  @Test
  void strictJsonAppliesToHttpRequestBodiesOnlyNotToAxonsSerializer() throws Exception {
    ObjectMapper http =
        serverCodecConfigurer.getReaders().stream()
            .filter(DecoderHttpMessageReader.class::isInstance)
            .map(reader -> ((DecoderHttpMessageReader<?>) reader).getDecoder())
            .filter(Jackson2JsonDecoder.class::isInstance)
            .map(decoder -> ((Jackson2JsonDecoder) decoder).getObjectMapper())
            .findFirst()
            .orElseThrow();
    ObjectMapper axon = ((JacksonSerializer) eventSerializer).getObjectMapper();

    assertThat(axon).isNotSameAs(http);
    assertThatThrownBy(() -> http.readValue("\"5\"", Long.class))
        .isInstanceOf(MismatchedInputException.class);
    assertThatThrownBy(() -> http.readValue("5.0", Long.class))
        .isInstanceOf(MismatchedInputException.class);
    assertThatThrownBy(() -> http.readValue("{\"a\":1,\"a\":2}", JsonNode.class)).isNotNull();
    // Axon keeps reading leniently: events written by an older or newer version must still load.
    assertThat(axon.readValue("\"5\"", Long.class)).isEqualTo(5L);
    assertThat(axon.readValue("5.0", Long.class)).isEqualTo(5L);
    assertThat(axon.readTree("{\"a\":1,\"a\":2}").path("a").asInt()).isEqualTo(2);
    assertThat(InvalidFormatException.class).isAssignableTo(MismatchedInputException.class);
  }

  private static void assertKeptOpen(EntityExchangeResult<JsonNode> result) {
    assertThat(result.getResponseHeaders().getConnection())
        .as("Connection header")
        .noneMatch(token -> token.equalsIgnoreCase("close"));
  }

  @Test
  void controlCharactersAndUnpairedSurrogatesInAnyTextAre400AndChangeNothing() {
    Fixture fixture = fixture();
    String fine = transferJson(fixture, 10, "");
    // JSON escapes, as a client sends them: valid JSON, text that no read model can hold.
    for (String bad : new String[] {"\\u0000", "\\ud800", "\\udfff", "\\u0007", "\\u009f"}) {
      for (String json :
          new String[] {
            transferJson(fixture, 10, ",\"memo\":\"lunch" + bad + "\""),
            fine.replace(fixture.key, fixture.key + bad),
            fine.replace("\"gift\"", "\"gift" + bad + "\""),
            fine.replace(fixture.payee, fixture.payee + bad)
          }) {
        JsonNode problem =
            expectProblem(api.postRaw(actor, "/api/v1/transfers", json), 400, "validation_failed");
        assertThat(problem.path("detail").asText())
            .contains("control character or an unpaired UTF-16 surrogate");
      }
    }
    api.assertNoNewEvents(fixture.before);
    assertThat(api.balance(fixture.payer)).isEqualTo(1_000);
    // A memo of well-formed text beyond the BMP (a surrogate pair) is fine.
    api.expectJson(
        api.postRaw(
            actor, "/api/v1/transfers", transferJson(fixture, 10, ",\"memo\":\"\\ud83d\\ude00\"")),
        201);
  }

  /** Two funded wallets and a fresh key; what a refused request must leave unchanged. */
  private record Fixture(String payer, String payee, String key, Map<String, Long> before) {}

  private Fixture fixture() {
    String payerId = api.openPlayer("payer");
    actor = TestTokens.playerActor(payerId);
    String payer = LedgerRules.walletAccountId(payerId);
    String payee = LedgerRules.walletAccountId(api.openPlayer("payee"));
    api.fund(payer, 1_000);
    String key = unique("http");
    return new Fixture(payer, payee, key, api.eventRows(payer, payee, transferId(actor, key)));
  }

  private static String transferJson(Fixture fixture, long amountMinor, String padding) {
    return "{\"idempotencyKey\":\""
        + fixture.key
        + "\",\"fromAccountId\":\""
        + fixture.payer
        + "\",\"toAccountId\":\""
        + fixture.payee
        + "\",\"amountMinor\":"
        + amountMinor
        + ",\"reasonCode\":\"gift\""
        + padding
        + "}";
  }

  /** A body without Content-Length: the client sends it with chunked transfer encoding. */
  private static Flux<DataBuffer> chunked(byte[] body, int chunkBytes) {
    return Flux.range(0, (body.length + chunkBytes - 1) / chunkBytes)
        .map(
            i ->
                DefaultDataBufferFactory.sharedInstance.wrap(
                    Arrays.copyOfRange(
                        body, i * chunkBytes, Math.min(body.length, (i + 1) * chunkBytes))));
  }
}
