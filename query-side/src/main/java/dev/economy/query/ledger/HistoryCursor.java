package dev.economy.query.ledger;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.web.ErrorResponseException;

/**
 * The opaque cursor of the history: the sequence number of the last entry of a page, so that the
 * next page is "older than that". Opaque (base64url) so that clients pass it back rather than build
 * one, and versioned so that its content can change without breaking cursors in flight.
 */
final class HistoryCursor {

  private static final String PREFIX = "h1:";

  /** A cursor this module wrote is far shorter; anything longer is not one. */
  static final int LENGTH_MAX = 64;

  private HistoryCursor() {}

  static String encode(long sequenceNumber) {
    byte[] text = (PREFIX + sequenceNumber).getBytes(StandardCharsets.US_ASCII);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text);
  }

  /**
   * The sequence number the next page starts below; a validation problem if it is no cursor of
   * ours.
   */
  static long decode(String cursor) {
    if (cursor.isEmpty() || cursor.length() > LENGTH_MAX) {
      throw invalid();
    }
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
    } catch (IllegalArgumentException notBase64) {
      throw invalid();
    }
    if (!text.startsWith(PREFIX)) {
      throw invalid();
    }
    try {
      long sequenceNumber = Long.parseLong(text.substring(PREFIX.length()));
      if (sequenceNumber < 0) {
        throw invalid();
      }
      return sequenceNumber;
    } catch (NumberFormatException notNumber) {
      throw invalid();
    }
  }

  private static ErrorResponseException invalid() {
    return QueryProblem.validation(
        "cursor is not a cursor of this history: pass back nextCursor as it came");
  }
}
