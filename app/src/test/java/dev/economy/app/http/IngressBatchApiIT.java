package dev.economy.app.http;

import static dev.economy.app.http.CommandApi.expectProblem;
import static dev.economy.app.http.CommandApi.transferBody;
import static dev.economy.app.http.CommandApi.transferId;
import static dev.economy.app.http.CommandApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.economy.messages.ledger.LedgerRules;
import dev.economy.messages.ledger.SystemAccount;
import dev.economy.messages.players.PlayerRules;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * POST /api/v1/ingress/batch: one result per command, in order; a bad command fails only itself.
 */
class IngressBatchApiIT extends CommandApiTest {

  private static final String GAME = "game-server-batch";
  private static final String PATH = "/api/v1/ingress/batch";
  private static final int BATCH_COMMANDS_MAX = 500;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void eachCommandGetsItsOwnResultInOrderAndTheGoodOnesAreApplied() throws Exception {
    // Two registered players whose accounts are not open yet (the player-accounts processor
    // paused):
    // the batch opens them.
    try (AutoCloseable paused = api.players().accountsOpenerPaused()) {
      mixedBatch();
    }
  }

  private void mixedBatch() throws Exception {
    String p1 = api.players().register("p1");
    String p2 = api.players().register("p2");
    String p1Wallet = LedgerRules.walletAccountId(p1);
    String p1Bank = LedgerRules.bankAccountId(p1);
    String p2Wallet = LedgerRules.walletAccountId(p2);
    String salaryKey = unique("salary");
    String ghost = unique("ghost");
    List<Object> commands = new ArrayList<>();
    commands.add(Map.of("type", "open-accounts", "playerId", p1)); // 0
    commands.add(Map.of("type", "open-accounts", "playerId", p2)); // 1
    commands.add(
        transfer(salaryKey, SystemAccount.PAYROLL.accountId(), p1Wallet, 1_000, "salary")); // 2
    commands.add(
        Map.of(
            "type",
            "deposit",
            "playerId",
            p1,
            "idempotencyKey",
            unique("d"),
            "amountMinor",
            300)); // 3
    commands.add(
        Map.of(
            "type",
            "withdrawal",
            "playerId",
            p1,
            "idempotencyKey",
            unique("w"),
            "amountMinor",
            100,
            "reasonCode",
            "atm")); // 4
    commands.add(transfer(unique("big"), p1Wallet, p2Wallet, 5_000, "gift")); // 5
    commands.add(
        JSON.readTree(
            "{\"type\":\"transfer\",\"idempotencyKey\":\""
                + unique("s")
                + "\",\"fromAccountId\":\""
                + p1Wallet
                + "\",\"toAccountId\":\""
                + p2Wallet
                + "\",\"amountMinor\":\"12\",\"reasonCode\":\"gift\"}")); // 6
    commands.add(Map.of("type", "teleport", "playerId", p1)); // 7
    commands.add(transfer(unique("neg"), p1Wallet, p2Wallet, -1, "gift")); // 8
    commands.add(
        Map.of(
            "type",
            "deposit",
            "playerId",
            ghost,
            "idempotencyKey",
            unique("g"),
            "amountMinor",
            5)); // 9
    commands.add(
        transfer(salaryKey, SystemAccount.PAYROLL.accountId(), p1Wallet, 1_000, "salary")); // 10
    commands.add(
        transfer(salaryKey, SystemAccount.PAYROLL.accountId(), p1Wallet, 2_000, "salary")); // 11
    commands.add(null); // 12
    commands.add(Map.of("playerId", p1)); // 13
    commands.add(Map.of("type", "open-accounts", "playerId", p1)); // 14
    commands.add(transfer(unique("gift"), p1Wallet, p2Wallet, 50, "gift")); // 15
    Map<String, Object> unknownField = transfer(unique("u"), p1Wallet, p2Wallet, 1, "gift");
    unknownField.put("currency", "EUR");
    commands.add(unknownField); // 16
    commands.add(
        JSON.readTree(
            "{\"type\":\"transfer\",\"idempotencyKey\":\""
                + unique("f")
                + "\",\"fromAccountId\":\""
                + p1Wallet
                + "\",\"toAccountId\":\""
                + p2Wallet
                + "\",\"amountMinor\":1.5,\"reasonCode\":\"gift\"}")); // 17
    commands.add(Map.of("type", "deposit", "idempotencyKey", unique("np"), "amountMinor", 5)); // 18

    JsonNode results =
        api.expectJson(api.postRaw(GAME, PATH, batch(commands)), 200).path("results");

    assertThat(results).hasSize(commands.size());
    for (int i = 0; i < results.size(); i++) {
      assertThat(results.get(i).path("index").asInt()).isEqualTo(i);
    }
    expectOutcome(results.get(0), "open-accounts", 201);
    assertThat(results.get(0).path("outcome").path("walletAccountId").asText()).isEqualTo(p1Wallet);
    expectOutcome(results.get(1), "open-accounts", 201);
    JsonNode salary = expectOutcome(results.get(2), "transfer", 201);
    assertThat(salary.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(salary.path("transferId").asText()).isEqualTo(transferId(GAME, salaryKey));
    assertThat(expectOutcome(results.get(3), "deposit", 201).path("toAccountId").asText())
        .isEqualTo(p1Bank);
    assertThat(expectOutcome(results.get(4), "withdrawal", 201).path("toAccountId").asText())
        .isEqualTo(p1Wallet);
    expectProblemResult(results.get(5), "transfer", 422, "insufficient_funds");
    assertThat(
            expectProblemResult(results.get(6), "transfer", 400, "validation_failed")
                .path("detail")
                .asText())
        .contains("amountMinor");
    assertThat(
            expectProblemResult(results.get(7), "teleport", 400, "validation_failed")
                .path("detail")
                .asText())
        .contains("teleport");
    expectProblemResult(results.get(8), "transfer", 400, "validation_failed");
    expectProblemResult(results.get(9), "deposit", 404, "not_found");
    JsonNode replayed = expectOutcome(results.get(10), "transfer", 200);
    assertThat(replayed.path("replayed").asBoolean()).isTrue();
    assertThat(replayed.path("transferId")).isEqualTo(salary.path("transferId"));
    expectProblemResult(results.get(11), "transfer", 409, "idempotency_conflict");
    expectProblemResult(results.get(12), null, 400, "validation_failed");
    expectProblemResult(results.get(13), null, 400, "validation_failed");
    expectOutcome(results.get(14), "open-accounts", 200);
    expectOutcome(results.get(15), "transfer", 201);
    assertThat(
            expectProblemResult(results.get(16), "transfer", 400, "validation_failed")
                .path("detail")
                .asText())
        .contains("currency");
    expectProblemResult(results.get(17), "transfer", 400, "validation_failed");
    assertThat(
            expectProblemResult(results.get(18), "deposit", 400, "validation_failed")
                .path("detail")
                .asText())
        .contains("playerId");

    // In order: salary 1000, deposit 300 to the bank, withdrawal 100 back, gift 50 to p2.
    assertThat(api.balance(p1Wallet)).isEqualTo(750);
    assertThat(api.balance(p1Bank)).isEqualTo(200);
    assertThat(api.balance(p2Wallet)).isEqualTo(50);
    assertThat(api.eventRows(LedgerRules.walletAccountId(ghost)).values()).containsOnly(0L);
  }

  @Test
  void openAccountsForPlayersNobodyRegisteredIsNotFoundForThoseCommandsAloneAndOpensNothing()
      throws Exception {
    String known = api.openPlayer("known");
    String madeUp = unique("alice");
    String neverIssued = PlayerRules.newPlayerId();
    String key = unique("wage");
    Map<String, Long> before =
        api.eventRows(
            LedgerRules.walletAccountId(madeUp),
            LedgerRules.bankAccountId(madeUp),
            LedgerRules.walletAccountId(neverIssued),
            LedgerRules.bankAccountId(neverIssued));
    List<Object> commands = new ArrayList<>();
    commands.add(Map.of("type", "open-accounts", "playerId", madeUp)); // 0
    commands.add(Map.of("type", "open-accounts", "playerId", known)); // 1
    commands.add(Map.of("type", "open-accounts", "playerId", neverIssued)); // 2
    commands.add(
        transfer(
            key,
            SystemAccount.PAYROLL.accountId(),
            LedgerRules.walletAccountId(known),
            70,
            "salary")); // 3
    commands.add(
        transfer(
            unique("wage"),
            SystemAccount.PAYROLL.accountId(),
            LedgerRules.walletAccountId(madeUp),
            70,
            "salary")); // 4
    commands.add(
        Map.of(
            "type",
            "deposit",
            "playerId",
            neverIssued,
            "idempotencyKey",
            unique("d"),
            "amountMinor",
            5)); // 5

    JsonNode results =
        api.expectJson(api.postRaw(GAME, PATH, batch(commands)), 200).path("results");

    assertThat(
            expectProblemResult(results.get(0), "open-accounts", 404, "not_found")
                .path("detail")
                .asText())
        .contains(madeUp, "not registered");
    expectOutcome(results.get(1), "open-accounts", 200);
    expectProblemResult(results.get(2), "open-accounts", 404, "not_found");
    assertThat(expectOutcome(results.get(3), "transfer", 201).path("status").asText())
        .isEqualTo("COMPLETED");
    expectProblemResult(results.get(4), "transfer", 404, "not_found");
    expectProblemResult(results.get(5), "deposit", 404, "not_found");
    api.assertNoNewEvents(before);
    assertThat(api.balance(LedgerRules.walletAccountId(known))).isEqualTo(70);
  }

  @Test
  void aBatchOfMoreThanTheMaximumIsRefusedWholeAndRunsNothing() throws Exception {
    String wallet = LedgerRules.walletAccountId(api.openPlayer("crowd"));
    List<Object> commands = new ArrayList<>();
    List<String> transferIds = new ArrayList<>();
    for (int i = 0; i <= BATCH_COMMANDS_MAX; i++) {
      String key = unique("too-many");
      commands.add(transfer(key, SystemAccount.PAYROLL.accountId(), wallet, 1, "salary"));
      transferIds.add(transferId(GAME, key));
    }
    transferIds.add(wallet);
    Map<String, Long> before = api.eventRows(transferIds.toArray(String[]::new));

    JsonNode problem =
        expectProblem(api.postRaw(GAME, PATH, batch(commands)), 413, "batch_too_large");

    assertThat(problem.path("detail").asText()).contains("501").contains("500");
    api.assertNoNewEvents(before);
    assertThat(api.balance(wallet)).isZero();
  }

  @Test
  void aFullBatchOf500CommandsWithMaximalFieldsFitsTheBodyLimitAndSucceeds() throws Exception {
    String playerId = api.openPlayer("payday");
    String wallet = LedgerRules.walletAccountId(playerId);
    String reasonCode = "s" + "a".repeat(39);
    // 140 characters that JSON escapes to six bytes each: the largest a memo can be on the wire.
    String memo = "\u00e9".repeat(LedgerRules.MEMO_LENGTH_MAX);
    List<Object> commands = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    long total = 0;
    for (int i = 0; i < BATCH_COMMANDS_MAX; i++) {
      String prefix = unique("payday-" + i) + "-";
      String key = prefix + "k".repeat(LedgerRules.IDEMPOTENCY_KEY_LENGTH_MAX - prefix.length());
      keys.add(key);
      Map<String, Object> command =
          transfer(key, SystemAccount.PAYROLL.accountId(), wallet, i + 1, reasonCode);
      command.put("memo", memo);
      commands.add(command);
      total += i + 1;
    }
    String body =
        JSON.writer()
            .with(JsonWriteFeature.ESCAPE_NON_ASCII)
            .writeValueAsString(Map.of("commands", commands));
    int bodyBytes = body.getBytes(StandardCharsets.UTF_8).length;
    assertThat(bodyBytes).as("a full batch of maximal commands").isBetween(512 * 1024, 1024 * 1024);

    JsonNode results = api.expectJson(api.postRaw(GAME, PATH, body), 200).path("results");

    assertThat(results).hasSize(BATCH_COMMANDS_MAX);
    for (int i = 0; i < BATCH_COMMANDS_MAX; i++) {
      JsonNode outcome = expectOutcome(results.get(i), "transfer", 201);
      assertThat(results.get(i).path("index").asInt()).isEqualTo(i);
      assertThat(outcome.path("transferId").asText()).isEqualTo(transferId(GAME, keys.get(i)));
      assertThat(outcome.path("status").asText()).isEqualTo("COMPLETED");
    }
    assertThat(api.balance(wallet)).isEqualTo(total);
  }

  @Test
  void aBatchThatIsNotWellFormedIsRefusedWhole() {
    String wallet = LedgerRules.walletAccountId(api.openPlayer("broken"));
    String key = unique("broken");
    Map<String, Long> before = api.eventRows(wallet, transferId(GAME, key));
    String good =
        "{\"type\":\"transfer\",\"idempotencyKey\":\""
            + key
            + "\",\"fromAccountId\":\"system:payroll\","
            + "\"toAccountId\":\""
            + wallet
            + "\",\"amountMinor\":5,\"reasonCode\":\"salary\"}";

    expectProblem(
        api.postRaw(GAME, PATH, "{\"commands\":[" + good + ","), 400, "validation_failed");
    expectProblem(
        api.postRaw(GAME, PATH, "{\"commands\":[" + good + "],\"priority\":1}"),
        400,
        "validation_failed");
    expectProblem(api.postRaw(GAME, PATH, "{\"commands\":" + good + "}"), 400, "validation_failed");
    expectProblem(api.postRaw(GAME, PATH, "{}"), 400, "validation_failed");

    api.assertNoNewEvents(before);
    JsonNode empty = api.expectJson(api.postRaw(GAME, PATH, "{\"commands\":[]}"), 200);
    assertThat(empty.path("results")).isEmpty();
  }

  private static Map<String, Object> transfer(
      String key, String from, String to, long amountMinor, String reason) {
    Map<String, Object> command = new LinkedHashMap<>();
    command.put("type", "transfer");
    command.putAll(transferBody(key, from, to, amountMinor, reason, null));
    command.remove("memo");
    return command;
  }

  private static String batch(List<Object> commands) throws JsonProcessingException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("commands", commands);
    return JSON.writeValueAsString(body);
  }

  private static JsonNode expectOutcome(JsonNode result, String type, int status) {
    assertThat(result.path("status").asInt()).as("status of %s", result).isEqualTo(status);
    assertThat(result.path("type").asText()).as("type of %s", result).isEqualTo(type);
    assertThat(result.has("problem")).as("problem in %s", result).isFalse();
    return result.path("outcome");
  }

  private static JsonNode expectProblemResult(
      JsonNode result, String type, int status, String code) {
    assertThat(result.path("status").asInt()).as("status of %s", result).isEqualTo(status);
    if (type == null) {
      assertThat(result.has("type")).as("type of %s", result).isFalse();
    } else {
      assertThat(result.path("type").asText()).as("type of %s", result).isEqualTo(type);
    }
    assertThat(result.has("outcome")).as("outcome in %s", result).isFalse();
    CommandApi.assertProblem(result.path("problem"), status, code);
    return result.path("problem");
  }
}
