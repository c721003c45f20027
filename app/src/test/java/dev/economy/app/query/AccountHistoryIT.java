package dev.economy.app.query;

import static dev.economy.app.query.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.economy.app.IntegrationTest;
import dev.economy.app.TestTokens;
import dev.economy.messages.ledger.FreezeAccountCommand;
import dev.economy.messages.ledger.LedgerRules;
import dev.economy.messages.ledger.SystemAccount;
import dev.economy.messages.ledger.TransferIds;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriBuilder;

/**
 * GET /api/v1/accounts/{id}/history: newest first, keyset-paged with an opaque cursor, filtered by
 * time range and reason, with a hard page-size limit that refuses rather than clamps.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountHistoryIT extends IntegrationTest {

  record Entry(
      long sequenceNumber,
      String entryType,
      String transferId,
      String idempotencyKey,
      String counterpartyAccountId,
      long amountMinor,
      long balanceAfterMinor,
      String reasonCode,
      String memo,
      String actor,
      String failureCode,
      Instant occurredAt) {}

  record Page(String accountId, List<Entry> entries, String nextCursor) {}

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

  @Value("${economy.query.history-page-size-max}")
  int pageSizeMax;

  private QueryLedger ledger;
  private String player;
  private String wallet;
  private String bank;

  /** URI variables: the account, and values that must be encoded strictly (an offset's "+"). */
  private final Map<String, Object> variables = new HashMap<>();

  private long finalBalance;

  /** The history under test is made once: the tests only read it. */
  @BeforeAll
  void nineMovementsOfOneWallet() {
    ledger = new QueryLedger(gateway, jdbc);
    player = QueryLedger.uniquePlayer("history");
    wallet = LedgerRules.walletAccountId(player);
    bank = LedgerRules.bankAccountId(player);
    ledger.openPlayer(player);
    finalBalance = nineMovements();
  }

  @BeforeEach
  void readTheWallet() {
    variables.clear();
    variables.put("accountId", wallet);
  }

  /**
   * Nine movements of the wallet: salaries, purchases, fees, a deposit, and a transfer to a frozen
   * account that comes back as a refund. Returns the wallet's final balance.
   */
  private long nineMovements() {
    long balance = 0;
    for (int i = 1; i <= 3; i++) {
      ledger.transfer(
          player + "-salary-" + i,
          SystemAccount.PAYROLL.accountId(),
          wallet,
          1_000,
          "salary",
          "week " + i);
      balance += 1_000;
      ledger.awaitSettledBalance(wallet, balance);
      ledger.transfer(
          player + "-purchase-" + i,
          wallet,
          SystemAccount.PURCHASES.accountId(),
          100 * i,
          "purchase",
          null);
      balance -= 100 * i;
      ledger.awaitSettledBalance(wallet, balance);
    }
    ledger.transfer(player + "-fee", wallet, SystemAccount.FEES.accountId(), 50, "fee", "atm");
    balance -= 50;
    ledger.awaitSettledBalance(wallet, balance);
    long bankVersion = (Long) ledger.row(bank).get("version");
    ledger.send(new FreezeAccountCommand(bank, "investigation", "admin-1"));
    ledger.awaitVersion(bank, bankVersion + 1);
    // Debited, then refunded when the frozen bank account refuses the credit: two entries.
    long walletVersion = (Long) ledger.row(wallet).get("version");
    ledger.transfer(player + "-deposit", wallet, bank, 400, "deposit", null);
    ledger.awaitVersion(wallet, walletVersion + 2);
    assertThat(ledger.awaitSettledBalance(wallet, balance)).isEqualTo(walletVersion + 2);
    return balance;
  }

  @Test
  void pagesCoverTheWholeHistoryNewestFirstWithoutGapsOrRepeats() {
    List<Entry> all = page(uri -> uri.queryParam("limit", pageSizeMax)).entries();
    assertThat(all).hasSize(9);
    assertThat(all)
        .extracting(Entry::sequenceNumber)
        .isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(all.get(0).balanceAfterMinor()).isEqualTo(finalBalance);

    List<Page> pages = allPages(uri -> uri.queryParam("limit", 2));

    assertThat(pages).hasSize(5);
    assertThat(pages).extracting(page -> page.entries().size()).containsExactly(2, 2, 2, 2, 1);
    assertThat(pages.subList(0, 4)).allSatisfy(page -> assertThat(page.nextCursor()).isNotBlank());
    assertThat(pages.get(4).nextCursor()).isNull();
    assertThat(pages.stream().flatMap(page -> page.entries().stream()).toList()).isEqualTo(all);
  }

  @Test
  void aPageThatEndsExactlyAtTheLastEntryHasNoNextCursor() {

    List<Page> pages = allPages(uri -> uri.queryParam("limit", 3));

    assertThat(pages).extracting(page -> page.entries().size()).containsExactly(3, 3, 3);
    assertThat(pages.get(2).nextCursor()).isNull();
  }

  @Test
  void entriesCarryEverythingAboutTheMovement() {
    List<Entry> all = page(uri -> uri.queryParam("limit", pageSizeMax)).entries();

    Entry refund = all.get(0);
    assertThat(refund.entryType()).isEqualTo("REFUND");
    assertThat(refund.amountMinor()).isEqualTo(400);
    assertThat(refund.failureCode()).isEqualTo("account_frozen");
    assertThat(refund.counterpartyAccountId()).isEqualTo(bank);
    Entry debit = all.get(1);
    assertThat(debit.entryType()).isEqualTo("DEBIT");
    assertThat(debit.amountMinor()).as("signed: a debit is negative").isEqualTo(-400);
    assertThat(debit.balanceAfterMinor()).isEqualTo(refund.balanceAfterMinor() - 400);
    assertThat(debit.transferId())
        .isEqualTo(refund.transferId())
        .isEqualTo(TransferIds.transferId(QueryLedger.ACTOR, player + "-deposit"));
    assertThat(debit.failureCode()).isNull();
    Entry fee = all.get(2);
    assertThat(fee)
        .isEqualTo(
            new Entry(
                fee.sequenceNumber(),
                "DEBIT",
                TransferIds.transferId(QueryLedger.ACTOR, player + "-fee"),
                player + "-fee",
                SystemAccount.FEES.accountId(),
                -50,
                debit.balanceAfterMinor() + 400,
                "fee",
                "atm",
                QueryLedger.ACTOR,
                null,
                fee.occurredAt()));
    Entry firstSalary = all.get(8);
    assertThat(firstSalary.entryType()).isEqualTo("CREDIT");
    assertThat(firstSalary.amountMinor()).isEqualTo(1_000);
    assertThat(firstSalary.balanceAfterMinor()).isEqualTo(1_000);
    assertThat(firstSalary.counterpartyAccountId()).isEqualTo(SystemAccount.PAYROLL.accountId());
    assertThat(firstSalary.memo()).isEqualTo("week 1");
    assertThat(firstSalary.idempotencyKey()).isEqualTo(player + "-salary-1");
    assertThat(all).extracting(Entry::occurredAt).isSortedAccordingTo((a, b) -> b.compareTo(a));
  }

  @Test
  void theReasonFilterKeepsOnlyThatReasonAcrossPages() {
    List<Entry> all = page(uri -> uri.queryParam("limit", pageSizeMax)).entries();

    List<Page> pages = allPages(uri -> uri.queryParam("reason", "purchase").queryParam("limit", 2));

    assertThat(pages).hasSize(2);
    assertThat(flatten(pages))
        .isEqualTo(matching(all, entry -> entry.reasonCode().equals("purchase")))
        .hasSize(3);
  }

  @Test
  void theTimeRangeIsFromInclusiveToExclusive() {
    List<Entry> all = page(uri -> uri.queryParam("limit", pageSizeMax)).entries();
    // Bounds taken from the entries themselves: their times come from the events.
    Instant from = all.get(6).occurredAt();
    Instant to = all.get(1).occurredAt();

    List<Page> pages =
        allPages(
            uri ->
                uri.queryParam("from", from.toString())
                    .queryParam("to", to.toString())
                    .queryParam("limit", 2));

    List<Entry> expected =
        matching(
            all, entry -> !entry.occurredAt().isBefore(from) && entry.occurredAt().isBefore(to));
    assertThat(flatten(pages)).isEqualTo(expected);
    assertThat(expected).contains(all.get(6)).doesNotContain(all.get(1), all.get(7));
    // Offsets other than Z mean the same instant.
    String fromInParis = from.atOffset(ZoneOffset.ofHours(2)).toString();
    // A URI variable, so that the "+" of the offset is encoded rather than read as a space.
    variables.put("from", fromInParis);
    assertThat(
            flatten(
                allPages(uri -> uri.queryParam("from", "{from}").queryParam("limit", pageSizeMax))))
        .isEqualTo(matching(all, entry -> !entry.occurredAt().isBefore(from)));
  }

  @Test
  void filtersCombine() {
    List<Entry> all = page(uri -> uri.queryParam("limit", pageSizeMax)).entries();
    Instant from = all.get(5).occurredAt();

    List<Entry> found =
        flatten(
            allPages(
                uri ->
                    uri.queryParam("from", from.toString())
                        .queryParam("reason", "salary")
                        .queryParam("limit", 1)));

    assertThat(found)
        .isEqualTo(
            matching(
                all,
                entry -> entry.reasonCode().equals("salary") && !entry.occurredAt().isBefore(from)))
        .isNotEmpty();
  }

  @Test
  void withoutALimitAPageHoldsFiftyEntriesAtMost() {
    String busyPlayer = QueryLedger.uniquePlayer("busy");
    String busy = LedgerRules.walletAccountId(busyPlayer);
    ledger.openPlayer(busyPlayer);
    long balance = 0;
    for (int i = 0; i < 51; i++) {
      ledger.transfer(
          busyPlayer + "-" + i, SystemAccount.PAYROLL.accountId(), busy, 1, "salary", null);
      balance++;
    }
    ledger.awaitSettledBalance(busy, balance);
    variables.put("accountId", busy);

    Page first = page(uri -> uri);
    Page second = page(uri -> uri.queryParam("cursor", first.nextCursor()));

    assertThat(first.entries()).hasSize(50);
    assertThat(first.entries().get(0).balanceAfterMinor()).isEqualTo(51);
    assertThat(second.entries()).hasSize(1);
    assertThat(second.entries().get(0).balanceAfterMinor()).isEqualTo(1);
    assertThat(second.nextCursor()).isNull();
  }

  @Test
  void anAccountWithoutMovementsHasAnEmptyHistory() {
    String quietPlayer = QueryLedger.uniquePlayer("quiet");
    ledger.openPlayer(quietPlayer);
    variables.put("accountId", LedgerRules.bankAccountId(quietPlayer));

    Page page = page(uri -> uri);

    assertThat(page.accountId()).isEqualTo(variables.get("accountId"));
    assertThat(page.entries()).isEmpty();
    assertThat(page.nextCursor()).isNull();
  }

  @Test
  void theLargestPageIsAllowedAndOneMoreIsRefused() {
    http.get()
        .uri(uri -> history(uri).queryParam("limit", pageSizeMax).build(variables))
        .exchange()
        .expectStatus()
        .isOk();

    assertProblem(
            http.get()
                .uri(uri -> history(uri).queryParam("limit", pageSizeMax + 1).build(variables))
                .exchange(),
            400,
            "validation_failed")
        .jsonPath("$.detail")
        .value(detail -> assertThat((String) detail).contains(Integer.toString(pageSizeMax)));
  }

  @Test
  void aCursorIsBoundToItsAccountAndFilters() {
    String cursor = page(uri -> uri.queryParam("limit", 2)).nextCursor();
    assertThat(cursor).isNotBlank();
    // The same account and filters: the next page, whatever its size.
    assertThat(page(uri -> uri.queryParam("limit", 2).queryParam("cursor", cursor)).entries())
        .hasSize(2);
    assertThat(page(uri -> uri.queryParam("limit", 3).queryParam("cursor", cursor)).entries())
        .hasSize(3);

    // The same cursor with other filters, or on another account, would skip entries of that
    // history without a word: refused.
    List<Function<UriBuilder, UriBuilder>> elsewhere =
        List.of(
            uri -> uri.queryParam("cursor", cursor).queryParam("reason", "salary"),
            uri -> uri.queryParam("cursor", cursor).queryParam("from", "2000-01-01T00:00:00Z"),
            uri -> uri.queryParam("cursor", cursor).queryParam("to", "2999-01-01T00:00:00Z"));
    for (Function<UriBuilder, UriBuilder> parameters : elsewhere) {
      assertProblem(
          http.get().uri(uri -> parameters.apply(history(uri)).build(variables)).exchange(),
          400,
          "validation_failed");
    }
    variables.put("accountId", bank);
    assertProblem(
        http.get()
            .uri(uri -> history(uri).queryParam("cursor", cursor).build(variables))
            .exchange(),
        400,
        "validation_failed");
  }

  @Test
  void badParametersAreRefused() {
    String notOurs =
        Base64.getUrlEncoder().encodeToString("something else".getBytes(StandardCharsets.US_ASCII));
    List<Function<UriBuilder, UriBuilder>> bad =
        List.of(
            uri -> uri.queryParam("limit", 0),
            uri -> uri.queryParam("limit", -1),
            uri -> uri.queryParam("limit", "ten"),
            uri -> uri.queryParam("limit", "99999999999"),
            uri -> uri.queryParam("cursor", "not a cursor!"),
            uri -> uri.queryParam("cursor", notOurs),
            uri -> uri.queryParam("cursor", ""),
            uri -> uri.queryParam("cursor", "x".repeat(65)),
            uri -> uri.queryParam("from", "yesterday"),
            uri -> uri.queryParam("from", "2026-01-01"),
            uri -> uri.queryParam("to", "2026-01-01T10:00:00"),
            uri ->
                uri.queryParam("from", "2026-01-02T00:00:00Z")
                    .queryParam("to", "2026-01-01T00:00:00Z"),
            uri ->
                uri.queryParam("from", "2026-01-01T00:00:00Z")
                    .queryParam("to", "2026-01-01T00:00:00Z"),
            uri -> uri.queryParam("reason", "Salary"),
            uri -> uri.queryParam("reason", "r".repeat(41)),
            uri -> uri.queryParam("reason", ""));
    for (Function<UriBuilder, UriBuilder> parameters : bad) {
      assertProblem(
          http.get().uri(uri -> parameters.apply(history(uri)).build(variables)).exchange(),
          400,
          "validation_failed");
    }
  }

  @Test
  void theHistoryOfAnUnknownAccountIsNotFound() {
    String ghost = LedgerRules.walletAccountId(QueryLedger.uniquePlayer("ghost"));
    assertProblem(
        http.get().uri("/api/v1/accounts/{accountId}/history", ghost).exchange(), 404, "not_found");
    assertProblem(
        http.get().uri("/api/v1/accounts/{accountId}/history?reason=salary", ghost).exchange(),
        404,
        "not_found");
  }

  @Test
  void theHistoryOfAMalformedAccountIdIsRefused() {
    assertProblem(
        http.get().uri("/api/v1/accounts/{accountId}/history", "nobody").exchange(),
        400,
        "validation_failed");
  }

  private UriBuilder history(UriBuilder uri) {
    return uri.path("/api/v1/accounts/{accountId}/history");
  }

  private Page page(Function<UriBuilder, UriBuilder> parameters) {
    return http.get()
        .uri(uri -> parameters.apply(history(uri)).build(variables))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(Page.class)
        .returnResult()
        .getResponseBody();
  }

  /** Follows nextCursor to the end, with a bound so that a cursor that loops fails the test. */
  private List<Page> allPages(Function<UriBuilder, UriBuilder> parameters) {
    List<Page> pages = new ArrayList<>();
    String cursor = null;
    do {
      String current = cursor;
      Page page =
          page(
              uri -> {
                UriBuilder withParameters = parameters.apply(uri);
                return current == null
                    ? withParameters
                    : withParameters.queryParam("cursor", current);
              });
      assertThat(page.accountId()).isEqualTo(variables.get("accountId"));
      pages.add(page);
      cursor = page.nextCursor();
    } while (cursor != null && pages.size() < 100);
    assertThat(cursor).as("the last page has no next cursor").isNull();
    return pages;
  }

  private static List<Entry> flatten(List<Page> pages) {
    return pages.stream().flatMap(page -> page.entries().stream()).toList();
  }

  private static List<Entry> matching(List<Entry> all, Predicate<Entry> filter) {
    return all.stream().filter(filter).toList();
  }
}
