package dev.economy.query.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.web.ErrorResponseException;

/**
 * The history's cursor: what one page hands out, the next page reads back, and anything a client
 * built or altered instead is a 400 validation_failed rather than a page of some other history.
 * Over HTTP: AccountHistoryIT (app).
 */
class HistoryCursorTest {

  private static final String BINDING =
      HistoryCursor.bindingOf("player:p1:wallet", null, null, null);

  @ParameterizedTest
  @ValueSource(longs = {0, 1, 42, 1_000_000_007L, Long.MAX_VALUE})
  void aCursorReadsBackAsTheSequenceNumberItWasMadeOf(long sequenceNumber) {
    String cursor = HistoryCursor.encode(sequenceNumber, BINDING);

    assertThat(cursor).matches("[A-Za-z0-9_-]+").hasSizeLessThanOrEqualTo(HistoryCursor.LENGTH_MAX);
    assertThat(HistoryCursor.decode(cursor, BINDING)).isEqualTo(sequenceNumber);
  }

  @Test
  void theFormatIsVersionedBase64UrlWithoutPadding() {
    // Cursors in flight stay readable across releases: this is what a page of today hands out.
    assertThat(HistoryCursor.encode(5, BINDING)).isEqualTo(cursorOf("h2:5:" + BINDING));
    assertThat(HistoryCursor.encode(Long.MAX_VALUE, BINDING)).doesNotContain("=");
    assertThat(BINDING).matches("[A-Za-z0-9_-]{12}");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "h3:5:B", // another version
        "h1:5", // the version before cursors were bound to their query
        "5", // no version
        "h2:", // no number
        "h2::B",
        "h2:5", // no binding
        "h2:5:", // an empty binding
        "h2:-1:B", // negative
        "h2:+5:B",
        "h2:abc:B",
        "h2:5x:B",
        "h2: 5:B",
        "h2:0x10:B",
        "h2:9223372036854775808:B", // past Long.MAX_VALUE
        "H2:5:B"
      })
  void aCursorThatIsNotOneOfOursIsRefused(String text) {
    assertRefused(cursorOf(text.replace("B", BINDING)));
  }

  @Test
  void aCursorOfAnotherAccountOrOtherFiltersIsRefused() {
    String account = "player:p1:wallet";
    Instant from = Instant.parse("2026-01-01T00:00:00Z");
    Instant to = Instant.parse("2026-02-01T00:00:00Z");
    String cursor = HistoryCursor.encode(7, HistoryCursor.bindingOf(account, from, to, "salary"));

    assertThat(HistoryCursor.decode(cursor, HistoryCursor.bindingOf(account, from, to, "salary")))
        .isEqualTo(7);
    for (String other :
        new String[] {
          HistoryCursor.bindingOf("player:p2:wallet", from, to, "salary"),
          HistoryCursor.bindingOf("player:p1:bank", from, to, "salary"),
          HistoryCursor.bindingOf(account, null, to, "salary"),
          HistoryCursor.bindingOf(account, from, null, "salary"),
          HistoryCursor.bindingOf(account, from, to, null),
          HistoryCursor.bindingOf(account, from, to, "purchase"),
          HistoryCursor.bindingOf(account, from.plusSeconds(1), to, "salary")
        }) {
      assertThatThrownBy(() -> HistoryCursor.decode(cursor, other))
          .isInstanceOfSatisfying(
              ErrorResponseException.class,
              refusal -> {
                assertThat(refusal.getStatusCode().value()).isEqualTo(400);
                assertThat(refusal.getBody().getProperties())
                    .containsEntry("code", "validation_failed");
                assertThat(refusal.getBody().getDetail()).contains("another account");
              });
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", // empty
        "h1:5", // not base64
        "aDE6NQ==x", // padding in the middle
        "aDE6N+", // standard base64, not base64url
        "aDE6N/",
        "aDE6N Q"
      })
  void somethingThatIsNotBase64UrlIsRefused(String cursor) {
    assertRefused(cursor);
  }

  @Test
  void aCursorLongerThanAnyThisModuleWritesIsRefusedWithoutBeingDecoded() {
    String longest = HistoryCursor.encode(Long.MAX_VALUE, BINDING);
    assertThat(longest.length()).isLessThan(HistoryCursor.LENGTH_MAX);
    // Well-formed apart from its length: leading zeros do not change the number.
    String padded = cursorOf("h2:" + "0".repeat(40) + "5:" + BINDING);
    assertThat(padded.length()).isGreaterThan(HistoryCursor.LENGTH_MAX);

    assertRefused(padded);
    assertRefused("A".repeat(HistoryCursor.LENGTH_MAX + 1));
  }

  @Test
  void aTamperedCursorIsRefused() {
    String cursor = HistoryCursor.encode(123, BINDING);
    // The first character carries the version: changing it makes another (unknown) format.
    char first = cursor.charAt(0);
    String tampered = (first == 'a' ? 'b' : 'a') + cursor.substring(1);

    assertRefused(tampered);
    assertRefused(cursor.substring(0, 2));
  }

  private static void assertRefused(String cursor) {
    assertThatThrownBy(() -> HistoryCursor.decode(cursor, BINDING))
        .as(cursor)
        .isInstanceOfSatisfying(
            ErrorResponseException.class,
            refusal -> {
              assertThat(refusal.getStatusCode().value()).isEqualTo(400);
              assertThat(refusal.getBody().getProperties())
                  .containsEntry("code", "validation_failed");
              assertThat(refusal.getBody().getDetail()).contains("cursor");
            });
  }

  private static String cursorOf(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.US_ASCII));
  }
}
