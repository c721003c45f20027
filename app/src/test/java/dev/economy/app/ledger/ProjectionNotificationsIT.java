package dev.economy.app.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.economy.app.IntegrationTest;
import dev.economy.messages.ledger.AccountKind;
import dev.economy.messages.ledger.LedgerRules;
import dev.economy.messages.ledger.SystemAccount;
import dev.economy.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the projection tells the query side when it commits: a NOTIFY per batch listing every
 * changed account with its new version (the SSE streams' feed), and a pending marker in the Redis
 * cache carrying that version before the rows are visible (so a reader never gets the old row from
 * the cache). How a batch's accounts are packed into notifications: LedgerChangePublisherIT.
 */
class ProjectionNotificationsIT extends IntegrationTest {

  @Autowired CommandGateway gateway;
  @Autowired JdbcTemplate jdbc;
  @Autowired StringRedisTemplate redis;
  @Autowired ObjectMapper json;

  @Test
  void aCommittedChangeIsNotifiedWithTheAccountsNewVersion() throws Exception {
    String player = "n" + Long.toString(System.nanoTime(), 36);
    String wallet = LedgerRules.walletAccountId(player);
    try (Connection listener =
            DriverManager.getConnection(
                TestDatabase.jdbcUrl(),
                System.getProperty("economy.db.user"),
                System.getProperty("economy.db.password"));
        Statement statement = listener.createStatement()) {
      statement.execute("LISTEN ledger_changes");
      LedgerClient ledger = new LedgerClient(gateway);
      ledger.open(wallet, player, AccountKind.WALLET);
      assertThat(
              ledger
                  .transfer(
                      LedgerClient.transferCommand(
                          "game",
                          player + "-pay",
                          SystemAccount.PAYROLL.accountId(),
                          wallet,
                          700,
                          "salary",
                          null))
                  .accepted())
          .isTrue();
      long version =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () ->
                      jdbc.queryForList(
                          "select version from account_balance where account_id = ? and balance_minor = 700",
                          Long.class,
                          wallet),
                  v -> !v.isEmpty())
              .get(0);

      // Every notification is a JSON array of {accountId, version}, the batch's accounts.
      List<JsonNode> accounts = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                PGNotification[] notifications =
                    listener.unwrap(PGConnection.class).getNotifications(100);
                if (notifications != null) {
                  for (PGNotification n : notifications) {
                    JsonNode payload = json.readTree(n.getParameter());
                    assertThat(payload.isArray()).as("an array: %s", n.getParameter()).isTrue();
                    payload.forEach(accounts::add);
                  }
                }
                return accounts.stream()
                    .anyMatch(
                        account ->
                            account.path("accountId").asText().equals(wallet)
                                && account.path("version").isIntegralNumber()
                                && account.path("version").longValue() == version);
              });
    }
  }

  @Test
  void theCacheEntryOfAChangedAccountBecomesAPendingMarkerWithTheNewVersion() {
    String player = "m" + Long.toString(System.nanoTime(), 36);
    String wallet = LedgerRules.walletAccountId(player);
    String key = "economy:account:" + wallet;
    LedgerClient ledger = new LedgerClient(gateway);
    ledger.open(wallet, player, AccountKind.WALLET);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "0".equals(redis.opsForHash().get(key, "version")));
    // A reader cached version 0 with its data (the query side's Lua script would do this).
    redis.opsForHash().put(key, "data", "{\"balanceMinor\":0}");

    assertThat(
            ledger
                .transfer(
                    LedgerClient.transferCommand(
                        "game",
                        player + "-pay",
                        SystemAccount.PAYROLL.accountId(),
                        wallet,
                        900,
                        "salary",
                        null))
                .accepted())
        .isTrue();

    long version =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    jdbc.queryForList(
                        "select version from account_balance where account_id = ? and balance_minor = 900",
                        Long.class,
                        wallet),
                v -> !v.isEmpty())
            .get(0);
    Map<Object, Object> entry = redis.opsForHash().entries(key);
    // Pending: no reader can be served the balance of 0 from the cache any more.
    assertThat(entry).containsEntry("version", Long.toString(version)).containsEntry("data", "");
    assertThat(redis.getExpire(key)).isPositive();
  }
}
