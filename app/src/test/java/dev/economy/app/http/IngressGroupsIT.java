package dev.economy.app.http;

import static dev.economy.app.http.CommandApi.transferId;
import static dev.economy.app.http.CommandApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.economy.messages.ledger.LedgerRules;
import dev.economy.messages.ledger.SystemAccount;
import dev.economy.messages.ledger.TransferInitiatedEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * The ingress runs a batch's commands in groups that share one transaction (IngressGroups): the
 * events of a group are committed together, a refused command is answered as if it had run alone
 * and the commands around it still commit, and batches of two game servers that lock the same
 * accounts in opposite orders all complete with the money conserved. Which commands shared a
 * transaction is read from PostgreSQL itself: rows written by one transaction share its xmin.
 */
class IngressGroupsIT extends CommandApiTest {

  private static final String GAME = "game-server-batch";
  private static final String PATH = "/api/v1/ingress/batch";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Value("${economy.ingress.group-commands-max}")
  int groupCommandsMax;

  @Test
  void aBatchOfTransfersIsCommittedOneTransactionPerGroup() throws Exception {
    String player = api.openPlayer("grouped");
    api.fund(LedgerRules.walletAccountId(player), 1_000);
    List<Object> commands = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    int transfers = 2 * groupCommandsMax;
    for (int i = 0; i < transfers; i++) {
      String key = unique("dep");
      keys.add(key);
      commands.add(deposit(player, key, 10));
    }

    JsonNode results = send(commands);

    for (JsonNode result : results) {
      assertThat(result.path("status").asInt()).as("%s", result).isEqualTo(201);
      assertThat(result.path("outcome").path("status").asText()).isEqualTo("COMPLETED");
    }
    assertThat(groupCommandsMax).isGreaterThan(1);
    assertThat(transactionsOf(keys.subList(0, groupCommandsMax)))
        .as("transactions of the first group")
        .isEqualTo(1);
    assertThat(transactionsOf(keys))
        .as("transactions that wrote the " + transfers + " transfers")
        .isEqualTo(2);
    assertThat(api.balance(LedgerRules.bankAccountId(player))).isEqualTo(10L * transfers);
    assertThat(api.balance(LedgerRules.walletAccountId(player))).isEqualTo(1_000 - 10L * transfers);
  }

  @Test
  void aRefusedCommandIsAnsweredAsAloneAndTheCommandsAroundItCommit() throws Exception {
    String player = api.openPlayer("refused");
    String wallet = LedgerRules.walletAccountId(player);
    api.fund(wallet, 100);
    String first = unique("first");
    String second = unique("second");
    String tooMuch = unique("too-much");
    String wages = unique("wages");

    JsonNode results =
        send(
            List.of(
                deposit(player, first, 10), // 0
                deposit(player, second, 10), // 1
                deposit(player, tooMuch, 1_000), // 2: 80 in the wallet
                transfer(wages, SystemAccount.PAYROLL.accountId(), wallet, 2_000, "salary"), // 3
                // The refused key again, now that the money is there: a new transfer, never a
                // replay of
                // the refused one (which a group would have left initiated in memory had it been
                // trusted).
                deposit(player, tooMuch, 1_000))); // 4

    assertThat(statuses(results)).containsExactly(201, 201, 422, 201, 201);
    assertThat(results.get(2).path("problem").path("code").asText())
        .isEqualTo("insufficient_funds");
    assertThat(results.get(4).path("outcome").path("replayed").asBoolean()).isFalse();
    assertThat(results.get(4).path("outcome").path("status").asText()).isEqualTo("COMPLETED");
    assertThat(api.balance(wallet)).isEqualTo(100 - 10 - 10 + 2_000 - 1_000);
    assertThat(api.balance(LedgerRules.bankAccountId(player))).isEqualTo(1_020);
    assertThat(api.eventRowsOfType(transferId(GAME, tooMuch), TransferInitiatedEvent.class))
        .isEqualTo(1);
    // The two before the refusal committed together; the refused one alone, after them; the two
    // after it together again, in a transaction of their own.
    assertThat(transactionsOf(List.of(first, second))).isEqualTo(1);
    assertThat(transactionsOf(List.of(wages, tooMuch))).isEqualTo(1);
    assertThat(transactionsOf(List.of(first, second, wages, tooMuch))).isEqualTo(2);
  }

  @Test
  void batchesOfTwoGameServersLockingTheSameAccountsInOppositeOrdersAllComplete() throws Exception {
    // East's batches start on a and end with a transfer to b; west's start on b and end with one
    // to a, at the same time. Had each group locked its accounts in the order of its commands, each
    // would hold the account it started on while it waited for the other's: a deadlock. Groups lock
    // their accounts in id order first, so each batch still commits group by group.
    String a = LedgerRules.walletAccountId(api.openPlayer("cross-a"));
    String b = LedgerRules.walletAccountId(api.openPlayer("cross-b"));
    String eastSink = LedgerRules.walletAccountId(api.openPlayer("cross-c"));
    String westSink = LedgerRules.walletAccountId(api.openPlayer("cross-d"));
    api.fund(a, 100_000);
    api.fund(b, 100_000);
    int rounds = 5;
    int transfersPerBatch = 30;
    ExecutorService servers = Executors.newFixedThreadPool(2);
    CyclicBarrier together = new CyclicBarrier(2);
    try {
      List<Callable<List<JsonNode>>> work =
          List.of(
              () -> crossing("game-server-3", a, eastSink, b, rounds, transfersPerBatch, together),
              () -> crossing("game-server-4", b, westSink, a, rounds, transfersPerBatch, together));
      List<JsonNode> all = new ArrayList<>();
      for (Future<List<JsonNode>> done : servers.invokeAll(work, 5, TimeUnit.MINUTES)) {
        all.addAll(done.get());
      }
      assertThat(all).hasSize(2 * rounds * (transfersPerBatch + 1));
      for (JsonNode result : all) {
        assertThat(result.path("status").asInt()).as("%s", result).isEqualTo(201);
        assertThat(result.path("outcome").path("status").asText())
            .as("%s", result)
            .isEqualTo("COMPLETED");
      }
    } finally {
      servers.shutdownNow();
    }
    long sunk = (long) rounds * transfersPerBatch;
    assertThat(api.balance(a)).isEqualTo(100_000 - sunk);
    assertThat(api.balance(b)).isEqualTo(100_000 - sunk);
    assertThat(api.balance(eastSink)).isEqualTo(sunk);
    assertThat(api.balance(westSink)).isEqualTo(sunk);
  }

  /**
   * One game server's batches: transfers of 1 from its account to its sink, then one to the other.
   */
  private List<JsonNode> crossing(
      String server,
      String own,
      String sink,
      String other,
      int rounds,
      int size,
      CyclicBarrier together)
      throws Exception {
    List<JsonNode> results = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      List<Object> commands = new ArrayList<>();
      List<String> keys = new ArrayList<>();
      for (int i = 0; i <= size; i++) {
        keys.add(unique(server));
        commands.add(transfer(keys.get(i), own, i < size ? sink : other, 1, "gift"));
      }
      String body = body(commands);
      together.await(1, TimeUnit.MINUTES);
      JsonNode answer = api.expectJson(api.postRaw(server, PATH, body), 200).path("results");
      answer.forEach(results::add);
      assertThat(transactionsOf(server, keys))
          .as("transactions of one batch of " + server)
          .isEqualTo((keys.size() + groupCommandsMax - 1) / groupCommandsMax);
    }
    return results;
  }

  private JsonNode send(List<Object> commands) throws Exception {
    JsonNode results = api.expectJson(api.postRaw(GAME, PATH, body(commands)), 200).path("results");
    assertThat(results).hasSize(commands.size());
    return results;
  }

  /** How many transactions wrote the events of these transfers (rows of one share its xmin). */
  private long transactionsOf(List<String> keys) {
    return transactionsOf(GAME, keys);
  }

  private long transactionsOf(String actor, List<String> keys) {
    List<String> ids = keys.stream().map(key -> transferId(actor, key)).toList();
    String placeholders = String.join(",", Collections.nCopies(ids.size(), "?"));
    return jdbc.queryForObject(
        "select count(distinct xmin::text) from domainevententry"
            + " where aggregateidentifier in ("
            + placeholders
            + ")",
        Long.class,
        ids.toArray());
  }

  private static List<Integer> statuses(JsonNode results) {
    List<Integer> statuses = new ArrayList<>();
    results.forEach(result -> statuses.add(result.path("status").asInt()));
    return statuses;
  }

  private static Map<String, Object> deposit(String player, String key, long amountMinor) {
    Map<String, Object> command = new LinkedHashMap<>();
    command.put("type", "deposit");
    command.put("playerId", player);
    command.put("idempotencyKey", key);
    command.put("amountMinor", amountMinor);
    return command;
  }

  private static Map<String, Object> transfer(
      String key, String from, String to, long amountMinor, String reason) {
    Map<String, Object> command = new LinkedHashMap<>();
    command.put("type", "transfer");
    command.putAll(CommandApi.transferBody(key, from, to, amountMinor, reason, null));
    command.remove("memo");
    return command;
  }

  private static String body(List<Object> commands) throws Exception {
    return JSON.writeValueAsString(Map.of("commands", commands));
  }
}
