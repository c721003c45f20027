package dev.economy.app.query;

import static dev.economy.app.query.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.economy.app.IntegrationTest;
import dev.economy.app.TestTokens;
import dev.economy.messages.ledger.LedgerRules;
import dev.economy.messages.ledger.SystemAccount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * GET /api/v1/accounts/{id}/stream: a balance event first, then live history and balance events as
 * the projection commits transfers made through the real command bus.
 */
class AccountStreamIT extends IntegrationTest {

  record Account(String accountId, long balanceMinor, long inFlightOutMinor, long version) {}

  record Entry(
      long sequenceNumber,
      String entryType,
      long amountMinor,
      long balanceAfterMinor,
      String reasonCode,
      String idempotencyKey) {}

  /** A safety net against a hung stream, not an assertion about time. */
  private static final Duration STREAM_WAIT_MAX = Duration.ofSeconds(60);

  @Autowired WebTestClient http;

  /** Auditors read every account: these tests are about what a read answers, not who may read. */
  @BeforeEach
  void readAsAnAuditor() {
    http =
        http.mutate()
            .defaultHeader(HttpHeaders.AUTHORIZATION, tokens().bearerFor(TestTokens.AUDITOR))
            .build();
  }

  @Autowired CommandGateway gateway;
  @Autowired JdbcTemplate jdbc;
  @Autowired ObjectMapper json;

  private QueryLedger ledger;
  private String player;
  private String wallet;

  @BeforeEach
  void setUp() {
    ledger = new QueryLedger(gateway, jdbc);
    player = QueryLedger.uniquePlayer("stream");
    wallet = LedgerRules.walletAccountId(player);
    ledger.openPlayer(player);
    ledger.transfer(
        player + "-start", SystemAccount.PAYROLL.accountId(), wallet, 100, "salary", null);
    ledger.awaitSettledBalance(wallet, 100);
  }

  @Test
  void aStreamStartsWithTheBalanceThenSendsEachCommittedChange() {
    long version = (Long) ledger.row(wallet).get("version");

    StepVerifier.create(events(wallet, null))
        .assertNext(
            event -> {
              assertThat(event.event()).isEqualTo("balance");
              assertThat(event.id()).isEqualTo(Long.toString(version));
              assertThat(account(event)).isEqualTo(new Account(wallet, 100, 0, version));
            })
        .then(
            () ->
                ledger.transfer(
                    player + "-bonus",
                    SystemAccount.PAYROLL.accountId(),
                    wallet,
                    40,
                    "bonus",
                    null))
        .assertNext(
            event -> {
              assertThat(event.event()).isEqualTo("history");
              assertThat(event.id()).isEqualTo(Long.toString(version + 1));
              assertThat(entry(event))
                  .isEqualTo(new Entry(version + 1, "CREDIT", 40, 140, "bonus", player + "-bonus"));
            })
        .assertNext(
            event -> {
              assertThat(event.event()).isEqualTo("balance");
              assertThat(event.id()).isEqualTo(Long.toString(version + 1));
              assertThat(account(event)).isEqualTo(new Account(wallet, 140, 0, version + 1));
            })
        .thenCancel()
        .verify(STREAM_WAIT_MAX);
  }

  @Test
  void aPaymentShowsTheDebitThenTheSettledBalance() {
    long version = (Long) ledger.row(wallet).get("version");
    Flux<ServerSentEvent<String>> stream = events(wallet, null);

    List<ServerSentEvent<String>> received =
        stream
            .doOnNext(
                event -> {
                  if (event.id().equals(Long.toString(version))) {
                    ledger.transfer(
                        player + "-shop",
                        wallet,
                        SystemAccount.PURCHASES.accountId(),
                        30,
                        "purchase",
                        null);
                  }
                })
            // The debit (version + 1), then the settlement of the payment (version + 2): the stream
            // may show the balance in between or not, depending on how the projection batched them.
            .takeUntil(
                event -> event.event().equals("balance") && account(event).version() == version + 2)
            .collectList()
            .block(STREAM_WAIT_MAX);

    assertThat(received.get(0).event()).isEqualTo("balance");
    List<Entry> history =
        received.stream()
            .filter(event -> event.event().equals("history"))
            .map(this::entry)
            .toList();
    assertThat(history)
        .containsExactly(new Entry(version + 1, "DEBIT", -30, 70, "purchase", player + "-shop"));
    assertThat(account(received.get(received.size() - 1)))
        .isEqualTo(new Account(wallet, 70, 0, version + 2));
    assertThat(received)
        .extracting(ServerSentEvent::id)
        .map(Long::parseLong)
        .as("ids only grow, so Last-Event-ID is a resume point")
        .isSorted();
  }

  @Test
  void aClientResumingWithLastEventIdGetsTheEntriesItMissed() {
    long seen = (Long) ledger.row(wallet).get("version");
    ledger.transfer(
        player + "-missed-1", SystemAccount.PAYROLL.accountId(), wallet, 10, "salary", null);
    ledger.awaitSettledBalance(wallet, 110);
    ledger.transfer(
        player + "-missed-2", SystemAccount.DONATIONS.accountId(), wallet, 20, "donation", null);
    long now = ledger.awaitSettledBalance(wallet, 130);

    StepVerifier.create(events(wallet, Long.toString(seen)))
        .assertNext(
            event -> {
              assertThat(event.event()).isEqualTo("balance");
              assertThat(event.id())
                  .as("keeps the client's Last-Event-ID until the missed entries are in")
                  .isNull();
              assertThat(account(event)).isEqualTo(new Account(wallet, 130, 0, now));
            })
        .assertNext(
            event -> {
              assertThat(event.id()).isEqualTo(Long.toString(seen + 1));
              assertThat(entry(event))
                  .isEqualTo(
                      new Entry(seen + 1, "CREDIT", 10, 110, "salary", player + "-missed-1"));
            })
        .assertNext(
            event -> {
              assertThat(event.id()).isEqualTo(Long.toString(seen + 2));
              assertThat(entry(event))
                  .isEqualTo(
                      new Entry(seen + 2, "CREDIT", 20, 130, "donation", player + "-missed-2"));
            })
        .then(
            () ->
                ledger.transfer(
                    player + "-live", SystemAccount.PAYROLL.accountId(), wallet, 5, "salary", null))
        .assertNext(event -> assertThat(entry(event).amountMinor()).isEqualTo(5))
        .assertNext(
            event -> assertThat(account(event)).isEqualTo(new Account(wallet, 135, 0, now + 1)))
        .thenCancel()
        .verify(STREAM_WAIT_MAX);
  }

  @Test
  void streamsGoOnAfterTheListenConnectionIsLost() {
    long version = (Long) ledger.row(wallet).get("version");
    Integer listener = listenerBackend();

    StepVerifier.create(events(wallet, null))
        .assertNext(event -> assertThat(account(event).version()).isEqualTo(version))
        .then(
            () -> {
              jdbc.queryForList("select pg_terminate_backend(?)", Object.class, listener);
              // The notification of this transfer may well fall into the gap; the resync covers it.
              ledger.transfer(
                  player + "-after-drop",
                  SystemAccount.PAYROLL.accountId(),
                  wallet,
                  1,
                  "salary",
                  null);
            })
        .assertNext(event -> assertThat(entry(event).amountMinor()).isEqualTo(1))
        .assertNext(event -> assertThat(account(event).balanceMinor()).isEqualTo(101))
        .thenCancel()
        .verify(STREAM_WAIT_MAX);
    assertThat(listenerBackend()).as("a new LISTEN connection").isNotEqualTo(listener);
  }

  @Test
  void theStreamOfAnUnknownAccountIsNotFound() {
    assertProblem(
        http.get()
            .uri(
                "/api/v1/accounts/{accountId}/stream",
                LedgerRules.walletAccountId(QueryLedger.uniquePlayer("ghost")))
            .accept(MediaType.TEXT_EVENT_STREAM)
            .exchange(),
        404,
        "not_found");
  }

  @Test
  void aMalformedAccountIdOrLastEventIdIsRefused() {
    assertProblem(
        http.get()
            .uri("/api/v1/accounts/{accountId}/stream", "nobody")
            .accept(MediaType.TEXT_EVENT_STREAM)
            .exchange(),
        400,
        "validation_failed");
    for (String lastEventId : List.of("-1", "abc", "1.5", "99999999999999999999")) {
      assertProblem(
          http.get()
              .uri("/api/v1/accounts/{accountId}/stream", wallet)
              .accept(MediaType.TEXT_EVENT_STREAM)
              .header("Last-Event-ID", lastEventId)
              .exchange(),
          400,
          "validation_failed");
    }
  }

  /** The backend pid of the query side's LISTEN connection, once there is exactly one. */
  private Integer listenerBackend() {
    return await()
        .atMost(QueryLedger.PROJECTION_WAIT_MAX)
        .until(
            () ->
                jdbc.queryForList(
                    "select pid from pg_stat_activity where application_name = 'economy-ledger-listener'"
                        + " and query ilike 'LISTEN%' and datname = current_database()",
                    Integer.class),
            pids -> pids.size() == 1)
        .get(0);
  }

  private Flux<ServerSentEvent<String>> events(String accountId, String lastEventId) {
    WebTestClient.RequestHeadersSpec<?> request =
        http.get()
            .uri("/api/v1/accounts/{accountId}/stream", accountId)
            .accept(MediaType.TEXT_EVENT_STREAM);
    if (lastEventId != null) {
      request = request.header("Last-Event-ID", lastEventId);
    }
    return request
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
        .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
        .getResponseBody()
        // Heartbeats are comments, no events.
        .filter(event -> event.event() != null);
  }

  private Account account(ServerSentEvent<String> event) {
    assertThat(event.event()).isEqualTo("balance");
    return read(event.data(), Account.class);
  }

  private Entry entry(ServerSentEvent<String> event) {
    assertThat(event.event()).isEqualTo("history");
    return read(event.data(), Entry.class);
  }

  private <T> T read(String data, Class<T> type) {
    try {
      return json.readValue(data, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
