package dev.economy.query.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import org.springframework.web.ErrorResponseException;

/**
 * The opaque cursor of the history: the sequence number of the last entry of a page, so that the
 * next page is "older than that", bound to the query it came from. Opaque (base64url) so that
 * clients pass it back rather than build one, and versioned so that its content can change.
 *
 * <p>Version 2 carries a digest of the account id and the filters (from, to, reason): a cursor is
 * valid only for the history and filters it was made for. Taken to another account, or to other
 * filters, it would silently skip entries of that history: it is refused instead. Version 1 cursors
 * (without the binding) are refused for the same reason: a client starts again from the first page.
 * The digest is not a secret and needs none: access to the account is decided elsewhere.
 */
final class HistoryCursor {

  private static final String PREFIX = "h2:";

  /** A cursor this module wrote is far shorter; anything longer is not one. */
  static final int LENGTH_MAX = 64;

  /** Bytes of SHA-256 kept for the binding: 72 bits, 12 base64url characters. */
  private static final int BINDING_BYTES = 9;

  private HistoryCursor() {}

  /** What a cursor is bound to: the account and the filters of the query. */
  static String bindingOf(String accountId, Instant from, Instant to, String reasonCode) {
    String query = accountId + "\n" + from + "\n" + to + "\n" + reasonCode;
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(query.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(Arrays.copyOf(digest, BINDING_BYTES));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  static String encode(long sequenceNumber, String binding) {
    byte[] text = (PREFIX + sequenceNumber + ":" + binding).getBytes(StandardCharsets.US_ASCII);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text);
  }

  /**
   * The sequence number the next page starts below; a validation problem if it is no cursor of
   * ours, or one of another account or other filters.
   */
  static long decode(String cursor, String binding) {
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
    String rest = text.substring(PREFIX.length());
    int colon = rest.indexOf(':');
    if (colon < 0) {
      throw invalid();
    }
    long sequenceNumber;
    try {
      sequenceNumber = Long.parseLong(rest.substring(0, colon));
    } catch (NumberFormatException notNumber) {
      throw invalid();
    }
    if (sequenceNumber < 0 || !Character.isDigit(rest.charAt(0))) {
      throw invalid();
    }
    if (!MessageDigest.isEqual(
        rest.substring(colon + 1).getBytes(StandardCharsets.US_ASCII),
        binding.getBytes(StandardCharsets.US_ASCII))) {
      throw QueryProblem.validation(
          "cursor belongs to another account or other filters (from, to, reason): pass back"
              + " nextCursor with the account and filters of the page it came with");
    }
    return sequenceNumber;
  }

  private static ErrorResponseException invalid() {
    return QueryProblem.validation(
        "cursor is not a cursor of this history: pass back nextCursor as it came");
  }
}
