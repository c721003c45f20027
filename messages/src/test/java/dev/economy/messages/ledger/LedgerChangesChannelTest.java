package dev.economy.messages.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ledger_changes payloads as the projections write them and the query side reads them: one JSON
 * array per batch in the order the accounts first changed, split only when a batch does not fit
 * under the bound, and nothing read from a payload that is not entirely of that shape. Through the
 * real PostgreSQL: LedgerChangePublisherIT (projections) and LedgerChangesIT (query-side).
 */
class LedgerChangesChannelTest {

  @Test
  void aBatchIsOneJsonArrayInTheOrderOfItsAccounts() {
    Map<String, Long> changed = new LinkedHashMap<>();
    changed.put("player:b:wallet", 7L);
    changed.put("player:a:wallet", 3L);
    changed.put("system:treasury", 12L);

    assertThat(LedgerChangesChannel.payloads(changed))
        .containsExactly(
            "[{\"accountId\":\"player:b:wallet\",\"version\":7},{\"accountId\":\"player:a:wallet\",\"version\":3},"
                + "{\"accountId\":\"system:treasury\",\"version\":12}]");
  }

  @Test
  void aBatchThatChangedNoAccountSendsNothing() {
    assertThat(LedgerChangesChannel.payloads(new java.util.LinkedHashMap<>())).isEmpty();
  }

  @Test
  void whatIsWrittenReadsBackAsTheSameChangesInTheSameOrder() {
    Map<String, Long> changed = new LinkedHashMap<>();
    for (int i = 0; i < 50; i++) {
      changed.put("player:p" + (50 - i) + ":wallet", (long) i * 1_000_003L);
    }
    changed.put("player:max:wallet", Long.MAX_VALUE);

    List<String> payloads = LedgerChangesChannel.payloads(changed);

    assertThat(payloads).hasSize(1);
    assertThat(LedgerChangesChannel.parse(payloads.get(0)))
        .containsExactlyElementsOf(
            changed.entrySet().stream()
                .map(account -> new LedgerChange(account.getKey(), account.getValue()))
                .toList());
  }

  @Test
  void aBatchTooLargeForOnePayloadIsSplitOnlyWhereTheNextEntryWouldNotFit() {
    Map<String, Long> changed = new LinkedHashMap<>();
    for (int i = 0; i < 300; i++) {
      String id = "player:" + ("p" + i + "-").concat("x".repeat(88)).substring(0, 88);
      assertThat(LedgerRules.ACCOUNT_ID.matcher(id).matches()).as(id).isTrue();
      changed.put(id, Long.MAX_VALUE - i);
    }

    List<String> payloads = LedgerChangesChannel.payloads(changed);

    assertThat(payloads).hasSizeGreaterThan(1);
    List<LedgerChange> read = new ArrayList<>();
    for (int i = 0; i < payloads.size(); i++) {
      String payload = payloads.get(i);
      assertThat(payload.getBytes(StandardCharsets.UTF_8).length)
          .isLessThanOrEqualTo(LedgerChangesChannel.PAYLOAD_LENGTH_MAX)
          .isLessThan(LedgerChangesChannel.POSTGRESQL_PAYLOAD_LENGTH_MAX);
      List<LedgerChange> changes = LedgerChangesChannel.parse(payload);
      if (i < payloads.size() - 1) {
        // The first entry of the next payload would have made this one too long.
        String nextEntry =
            "{\"accountId\":\""
                + LedgerChangesChannel.parse(payloads.get(i + 1)).get(0).accountId()
                + "\",\"version\":"
                + LedgerChangesChannel.parse(payloads.get(i + 1)).get(0).version()
                + "}";
        assertThat(payload.length() + 1 + nextEntry.length())
            .as("payload %d is full", i)
            .isGreaterThan(LedgerChangesChannel.PAYLOAD_LENGTH_MAX);
      }
      read.addAll(changes);
    }
    assertThat(read)
        .containsExactlyElementsOf(
            changed.entrySet().stream()
                .map(account -> new LedgerChange(account.getKey(), account.getValue()))
                .toList());
  }

  @Test
  void aPayloadIsAsciiWhateverAnIdHolds() {
    Map<String, Long> changed = Map.of("player:\"quoted\\é€\n", 1L);

    List<String> payloads = LedgerChangesChannel.payloads(changed);

    assertThat(payloads).hasSize(1);
    assertThat(payloads.get(0)).matches("\\p{ASCII}*");
    assertThat(LedgerChangesChannel.parse(payloads.get(0)))
        .containsExactly(new LedgerChange("player:\"quoted\\é€\n", 1L));
  }

  @Test
  void theSingleObjectOfAnOlderProjectionsRoleIsABatchOfOne() {
    assertThat(LedgerChangesChannel.parse("{\"accountId\":\"player:a:wallet\",\"version\":9}"))
        .containsExactly(new LedgerChange("player:a:wallet", 9));
  }

  @Test
  void membersOtherThanAccountIdAndVersionAreIgnored() {
    assertThat(
            LedgerChangesChannel.parse(
                "[{\"accountId\":\"player:a:wallet\",\"version\":2,\"extra\":true}]"))
        .containsExactly(new LedgerChange("player:a:wallet", 2));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not json",
        "[]",
        "null",
        "1",
        "\"player:a:wallet\"",
        "[1]",
        "[null]",
        "[{\"accountId\":\"player:a:wallet\",\"version\":1},{\"version\":2}]", // one bad entry
        // refuses all
        "[{\"accountId\":\"player:a:wallet\"}]",
        "[{\"accountId\":\"player:a:wallet\",\"version\":1.5}]",
        "[{\"accountId\":\"player:a:wallet\",\"version\":\"3\"}]",
        "[{\"accountId\":\"player:a:wallet\",\"version\":9223372036854775808}]", // past
        // Long.MAX_VALUE
        "[{\"accountId\":7,\"version\":1}]",
        "{\"accountId\":\"player:a:wallet\"}",
        "[{\"accountId\":\"player:a:wallet\",\"version\":1}"
      })
  void aPayloadThatIsNotEntirelyOfTheChannelsShapeIsRefused(String payload) {
    assertThatThrownBy(() -> LedgerChangesChannel.parse(payload))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void noPayloadOrOneLongerThanPostgresqlAllowsIsRefusedUnread() {
    assertThatThrownBy(() -> LedgerChangesChannel.parse(null))
        .isInstanceOf(IllegalArgumentException.class);
    String tooLong =
        "[{\"accountId\":\""
            + "x".repeat(LedgerChangesChannel.POSTGRESQL_PAYLOAD_LENGTH_MAX)
            + "\",\"version\":1}]";
    assertThatThrownBy(() -> LedgerChangesChannel.parse(tooLong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too long");
  }
}
