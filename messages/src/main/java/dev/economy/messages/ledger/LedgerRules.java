package dev.economy.messages.ledger;

import java.util.regex.Pattern;

/** Limits shared by the HTTP layer (to answer early) and the aggregates (to be sure). */
public final class LedgerRules {
  /** Memos are for humans; anything longer is abuse of the audit log. */
  public static final int MEMO_LENGTH_MAX = 140;

  public static final int IDEMPOTENCY_KEY_LENGTH_MAX = 128;
  public static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  /** Reason codes are a small vocabulary (salary, purchase, fee, deposit, ...), not prose. */
  public static final Pattern REASON_CODE = Pattern.compile("[a-z][a-z0-9_.-]{0,39}");

  /**
   * Account ids carry their namespace (player:42:wallet, system:payroll). Accounts and transfers
   * share the event store's aggregate id space, and a transfer id is a bare UUID: the prefix keeps
   * the two from ever naming the same stream.
   */
  public static final Pattern ACCOUNT_ID = Pattern.compile("(player|system):[A-Za-z0-9._:-]{1,88}");

  /** Free-text reasons for freezing, unfreezing and closing. */
  public static final int STATUS_REASON_LENGTH_MAX = 200;

  public static final Pattern OWNER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  public static final Pattern ACTOR = Pattern.compile("[A-Za-z0-9._:@-]{1,96}");

  private LedgerRules() {}

  /** The wallet of a player: ids are derived so a game server never has to look them up. */
  public static String walletAccountId(String playerId) {
    return "player:" + playerId + ":wallet";
  }

  public static String bankAccountId(String playerId) {
    return "player:" + playerId + ":bank";
  }
}
