package dev.economy.query.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
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

  @ParameterizedTest
  @ValueSource(longs = {0, 1, 42, 1_000_000_007L, Long.MAX_VALUE})
  void aCursorReadsBackAsTheSequenceNumberItWasMadeOf(long sequenceNumber) {
    String cursor = HistoryCursor.encode(sequenceNumber);

    assertThat(cursor).matches("[A-Za-z0-9_-]+").hasSizeLessThanOrEqualTo(HistoryCursor.LENGTH_MAX);
    assertThat(HistoryCursor.decode(cursor)).isEqualTo(sequenceNumber);
  }

  @Test
  void theFormatIsVersionedBase64UrlWithoutPadding() {
    // Cursors in flight stay readable across releases: this is what a page of today hands out.
    assertThat(HistoryCursor.encode(5)).isEqualTo("aDE6NQ").isEqualTo(cursorOf("h1:5"));
    assertThat(HistoryCursor.encode(Long.MAX_VALUE)).doesNotContain("=");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "h2:5", // another version
        "5", // no version
        "h1:", // no number
        "h1:-1", // negative
        "h1:abc",
        "h1:5x",
        "h1: 5",
        "h1:0x10",
        "h1:9223372036854775808", // past Long.MAX_VALUE
        "H1:5"
      })
  void aCursorThatIsNotOneOfOursIsRefused(String text) {
    assertRefused(cursorOf(text));
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
    String longest = HistoryCursor.encode(Long.MAX_VALUE);
    assertThat(longest.length()).isLessThan(HistoryCursor.LENGTH_MAX);
    // Well-formed apart from its length: leading zeros do not change the number.
    String padded = cursorOf("h1:" + "0".repeat(60) + "5");
    assertThat(padded.length()).isGreaterThan(HistoryCursor.LENGTH_MAX);

    assertRefused(padded);
    assertRefused("A".repeat(HistoryCursor.LENGTH_MAX + 1));
  }

  @Test
  void aTamperedCursorIsRefused() {
    String cursor = HistoryCursor.encode(123);
    // The first character carries the version: changing it makes another (unknown) format.
    char first = cursor.charAt(0);
    String tampered = (first == 'a' ? 'b' : 'a') + cursor.substring(1);

    assertRefused(tampered);
    assertRefused(cursor.substring(0, 2));
  }

  private static void assertRefused(String cursor) {
    assertThatThrownBy(() -> HistoryCursor.decode(cursor))
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
