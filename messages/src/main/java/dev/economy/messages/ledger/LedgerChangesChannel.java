package dev.economy.messages.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The PostgreSQL NOTIFY channel between the projections (which send, in the transaction of the
 * batch that changed the accounts) and the query side (which listens, and feeds the SSE streams),
 * typed once for both: its name, the payload's shape, and its bound.
 *
 * <p>A payload is a JSON array {@code [{"accountId":..,"version":..},..]} of the accounts a batch
 * changed, in the order they were first changed. A batch whose accounts do not fit under the bound
 * is split into several payloads. One object alone (what projections before one notification per
 * batch sent) is read as a batch of one.
 */
public final class LedgerChangesChannel {

  /** The channel's name, for NOTIFY and LISTEN. */
  public static final String CHANNEL = "ledger_changes";

  /**
   * PostgreSQL refuses payloads of 8000 bytes or more (and fails the transaction with them). One
   * account's entry is at most about 140 bytes (ids are at most 95 characters, versions 19 digits),
   * so this leaves room for a few more, and for the brackets, with any id.
   */
  public static final int PAYLOAD_LENGTH_MAX = 7000;

  /** PostgreSQL's own bound on a payload: nothing longer can have come through the channel. */
  public static final int POSTGRESQL_PAYLOAD_LENGTH_MAX = 8000;

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Account ids match LedgerRules.ACCOUNT_ID (printable ASCII, no quotes or backslashes), so
   * nothing needs escaping today; escaping every non-ASCII character keeps the payload valid JSON,
   * and its length in bytes equal to its length in characters, whatever an id ever holds.
   */
  private static final ObjectWriter ENTRY =
      JSON.writerFor(LedgerChange.class).with(JsonWriteFeature.ESCAPE_NON_ASCII);

  private LedgerChangesChannel() {}

  /**
   * A batch's accounts (id to the version it reached) as payloads of at most {@link
   * #PAYLOAD_LENGTH_MAX} characters, in the map's order; none for no account. Pure ASCII, so
   * characters are bytes, the unit of PostgreSQL's limit.
   */
  public static List<String> payloads(Map<String, Long> changed) {
    if (changed.isEmpty()) {
      // Nothing changed: nothing to say (an empty array would be a payload the reader refuses).
      return List.of();
    }
    List<String> payloads = new ArrayList<>(1);
    StringBuilder payload =
        new StringBuilder(Math.min(PAYLOAD_LENGTH_MAX, 64 * changed.size() + 2));
    for (Map.Entry<String, Long> account : changed.entrySet()) {
      String entry = entry(new LedgerChange(account.getKey(), account.getValue()));
      // +2: the separating comma (or the opening bracket) and the closing bracket.
      if (payload.length() > 0 && payload.length() + entry.length() + 2 > PAYLOAD_LENGTH_MAX) {
        payloads.add(payload.append(']').toString());
        payload.setLength(0);
      }
      payload.append(payload.length() == 0 ? '[' : ',').append(entry);
    }
    payloads.add(payload.append(']').toString());
    return payloads;
  }

  /**
   * All of a payload's accounts, or an IllegalArgumentException that says what is wrong: a payload
   * that is not entirely what the projections send did not come from them.
   */
  public static List<LedgerChange> parse(String payload) {
    if (payload == null || payload.length() > POSTGRESQL_PAYLOAD_LENGTH_MAX) {
      throw new IllegalArgumentException("no payload, or too long");
    }
    JsonNode node;
    try {
      node = JSON.readTree(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    }
    if (node == null || !(node.isArray() || node.isObject())) {
      throw new IllegalArgumentException("neither an array nor an object");
    }
    if (!node.isArray()) {
      return List.of(change(node));
    }
    if (node.isEmpty()) {
      throw new IllegalArgumentException("no account");
    }
    List<LedgerChange> changes = new ArrayList<>(node.size());
    for (JsonNode account : node) {
      changes.add(change(account));
    }
    return changes;
  }

  private static LedgerChange change(JsonNode account) {
    JsonNode accountId = account.path("accountId");
    JsonNode version = account.path("version");
    if (!accountId.isTextual() || !version.isIntegralNumber() || !version.canConvertToLong()) {
      throw new IllegalArgumentException(
          "accountId (a string) or version (a whole number) missing");
    }
    return new LedgerChange(accountId.textValue(), version.longValue());
  }

  private static String entry(LedgerChange change) {
    try {
      return ENTRY.writeValueAsString(change);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write a ledger change as JSON", e);
    }
  }
}
