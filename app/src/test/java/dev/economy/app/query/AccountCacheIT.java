package dev.economy.app.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.economy.app.IntegrationTest;
import dev.economy.app.TestTokens;
import dev.economy.messages.ledger.AccountCacheLayout;
import dev.economy.messages.ledger.LedgerRules;
import dev.economy.messages.ledger.SystemAccount;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The Redis cache of account details against the real Redis: hits are served from it, a read after
 * the projection committed gets the new row although an older one was cached, and a reader that
 * read an old row can never overwrite a newer pending marker.
 */
class AccountCacheIT extends IntegrationTest {

  record Account(String accountId, long balanceMinor, long version) {}

  private static final RedisScript<Long> STORE_IF_NEWER =
      RedisScript.of(
          new ClassPathResource("dev/economy/query/ledger/store-if-newer.lua"), Long.class);
  private static final RedisScript<Long> MARK_PENDING =
      RedisScript.of(AccountCacheLayout.MARK_PENDING_SCRIPT, Long.class);
  private static final String TTL_MILLIS = "60000";

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
  @Autowired StringRedisTemplate redis;
  @Autowired ObjectMapper json;

  private QueryLedger ledger;
  private String player;
  private String wallet;
  private String key;

  @BeforeEach
  void setUp() {
    ledger = new QueryLedger(gateway, jdbc);
    player = QueryLedger.uniquePlayer("cache");
    wallet = LedgerRules.walletAccountId(player);
    key = "economy:account:" + wallet;
  }

  @Test
  void aReadAfterTheProjectionCommittedReturnsTheNewBalanceThoughAnOlderOneWasCached()
      throws Exception {
    ledger.openPlayer(player);
    ledger.transfer(
        player + "-first", SystemAccount.PAYROLL.accountId(), wallet, 100, "salary", null);
    long firstVersion = ledger.awaitSettledBalance(wallet, 100);

    assertThat(get(wallet).balanceMinor()).isEqualTo(100);
    // The read filled the cache with that version's data.
    Map<Object, Object> cached = redis.opsForHash().entries(key);
    assertThat(cached).containsEntry("version", Long.toString(firstVersion));
    assertThat(json.readTree((String) cached.get("data")).get("balanceMinor").asLong())
        .isEqualTo(100);
    assertThat(redis.getExpire(key)).isPositive();
    // Proof that hits come from Redis: a doctored entry of the same version is what is served.
    ObjectNode doctored = (ObjectNode) json.readTree((String) cached.get("data"));
    doctored.put("balanceMinor", 999_999);
    redis.opsForHash().put(key, "data", json.writeValueAsString(doctored));
    assertThat(get(wallet).balanceMinor()).isEqualTo(999_999);

    ledger.transfer(
        player + "-second", SystemAccount.PAYROLL.accountId(), wallet, 50, "salary", null);
    long secondVersion = ledger.awaitSettledBalance(wallet, 150);

    // The very next read, although the cache held version firstVersion with data a moment ago.
    Account account = get(wallet);
    assertThat(account.balanceMinor()).isEqualTo(150);
    assertThat(account.version()).isEqualTo(secondVersion);
    assertThat(redis.opsForHash().get(key, "version")).isEqualTo(Long.toString(secondVersion));
    assertThat(
            json.readTree((String) redis.opsForHash().get(key, "data"))
                .get("balanceMinor")
                .asLong())
        .isEqualTo(150);
  }

  @Test
  void aReaderOfAnOlderRowDoesNotOverwriteANewerPendingMarker() {
    ledger.openPlayer(player);
    long version = (Long) ledger.row(wallet).get("version");
    // The projection announced version + 5 and has not committed it yet.
    String announced = Long.toString(version + 5);
    redis.opsForHash().putAll(key, Map.of("version", announced, "data", ""));

    assertThat(get(wallet).version()).isEqualTo(version);

    assertThat(redis.opsForHash().entries(key)).isEqualTo(Map.of("version", announced, "data", ""));
  }

  @Test
  void aCommitNotifiedWithoutTheProjectionsMarkersStillInvalidatesTheCacheOfEveryAccountItNames() {
    ledger.openPlayer(player);
    String bank = LedgerRules.bankAccountId(player);
    String other = LedgerRules.walletAccountId(QueryLedger.uniquePlayer("cache-other"));
    long walletVersion = get(wallet).version();
    long bankVersion = get(bank).version();
    assertThat(redis.opsForHash().get(key, "data")).asString().isNotEmpty();
    assertThat(redis.opsForHash().get(AccountCacheLayout.key(bank), "data"))
        .asString()
        .isNotEmpty();

    // As if the projection's markers had not reached Redis: only the NOTIFY of its batch, after
    // the commit, naming two cached accounts and one that nobody has read yet.
    jdbc.queryForList(
        "select pg_notify('ledger_changes', ?)",
        Object.class,
        "[{\"accountId\":\""
            + wallet
            + "\",\"version\":"
            + (walletVersion + 1)
            + "},"
            + "{\"accountId\":\""
            + other
            + "\",\"version\":4},"
            + "{\"accountId\":\""
            + bank
            + "\",\"version\":"
            + (bankVersion + 2)
            + "}]");

    await()
        .atMost(QueryLedger.PROJECTION_WAIT_MAX)
        .until(
            () ->
                List.of(
                    redis.opsForHash().entries(key),
                    redis.opsForHash().entries(AccountCacheLayout.key(other)),
                    redis.opsForHash().entries(AccountCacheLayout.key(bank))),
            entries ->
                entries.equals(
                    List.of(
                        Map.of("version", Long.toString(walletVersion + 1), "data", ""),
                        Map.of("version", "4", "data", ""),
                        Map.of("version", Long.toString(bankVersion + 2), "data", ""))));
    assertThat(redis.getExpire(AccountCacheLayout.key(other))).isPositive();
  }

  @Test
  void theSingleObjectNotificationOfAnOlderProjectionsRoleStillInvalidatesTheCache() {
    ledger.openPlayer(player);
    long version = get(wallet).version();
    assertThat(redis.opsForHash().get(key, "data")).asString().isNotEmpty();

    // What a projections role from before one notification per batch sends: one object per account.
    jdbc.queryForList(
        "select pg_notify('ledger_changes', ?)",
        Object.class,
        "{\"accountId\":\"" + wallet + "\",\"version\":" + (version + 1) + "}");

    await()
        .atMost(QueryLedger.PROJECTION_WAIT_MAX)
        .until(
            () -> redis.opsForHash().entries(key),
            entry -> entry.equals(Map.of("version", Long.toString(version + 1), "data", "")));
  }

  @Test
  void anEntryThatIsNotAccountDetailsIsDroppedAndReplaced() {
    ledger.openPlayer(player);
    long version = get(wallet).version();
    redis.opsForHash().put(key, "data", "not json");

    assertThat(get(wallet).version()).isEqualTo(version);
    assertThat(get(wallet).version()).isEqualTo(version);

    assertThat(redis.opsForHash().get(key, "data"))
        .asString()
        .contains("\"accountId\":\"" + wallet + "\"");
  }

  @Test
  void storeIfNewerStoresIntoAnEmptyCacheWithTheTtl() {
    assertThat(store(7, "{\"v\":7}")).isEqualTo(1);

    assertThat(redis.opsForHash().entries(key))
        .isEqualTo(Map.of("version", "7", "data", "{\"v\":7}"));
    assertThat(redis.getExpire(key)).isPositive();
  }

  @Test
  void aStaleWriterCannotOverwriteANewerPendingMarker() {
    mark(5);

    assertThat(store(4, "{\"v\":4}")).isZero();

    assertThat(redis.opsForHash().entries(key)).isEqualTo(Map.of("version", "5", "data", ""));
  }

  @Test
  void aStaleWriterCannotOverwriteNewerData() {
    store(5, "{\"v\":5}");

    assertThat(store(4, "{\"v\":4}")).isZero();

    assertThat(redis.opsForHash().entries(key))
        .isEqualTo(Map.of("version", "5", "data", "{\"v\":5}"));
  }

  @Test
  void theRowAPendingMarkerAnnouncedReplacesIt() {
    mark(5);

    assertThat(store(5, "{\"v\":5}")).isEqualTo(1);

    assertThat(redis.opsForHash().entries(key))
        .isEqualTo(Map.of("version", "5", "data", "{\"v\":5}"));
  }

  @Test
  void aNewerRowReplacesOlderDataAndOlderMarkers() {
    store(5, "{\"v\":5}");
    assertThat(store(6, "{\"v\":6}")).isEqualTo(1);
    mark(7);
    assertThat(store(8, "{\"v\":8}")).isEqualTo(1);

    assertThat(redis.opsForHash().entries(key))
        .isEqualTo(Map.of("version", "8", "data", "{\"v\":8}"));
  }

  @Test
  void dataOfTheSameVersionIsKeptAsItIs() {
    store(5, "{\"v\":5}");

    assertThat(store(5, "{\"v\":\"other\"}")).isZero();

    assertThat(redis.opsForHash().get(key, "data")).isEqualTo("{\"v\":5}");
  }

  @Test
  void aPendingMarkerOnlyMovesForward() {
    store(5, "{\"v\":5}");
    assertThat(mark(5)).as("the data of that version is already there").isZero();
    assertThat(mark(4)).isZero();
    assertThat(redis.opsForHash().entries(key))
        .isEqualTo(Map.of("version", "5", "data", "{\"v\":5}"));

    assertThat(mark(6)).isEqualTo(1);
    assertThat(mark(6)).isZero();

    assertThat(redis.opsForHash().entries(key)).isEqualTo(Map.of("version", "6", "data", ""));
    assertThat(redis.getExpire(key)).isPositive();
  }

  private long store(long version, String data) {
    return redis.execute(STORE_IF_NEWER, List.of(key), Long.toString(version), data, TTL_MILLIS);
  }

  private long mark(long version) {
    return redis.execute(MARK_PENDING, List.of(key), Long.toString(version), TTL_MILLIS);
  }

  private Account get(String accountId) {
    return http.get()
        .uri("/api/v1/accounts/{accountId}", accountId)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(Account.class)
        .returnResult()
        .getResponseBody();
  }
}
