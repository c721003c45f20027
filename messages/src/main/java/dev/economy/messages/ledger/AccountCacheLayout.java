package dev.economy.messages.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The layout of the Redis cache of account details, shared by the two roles that touch it: the
 * projections write pending markers before they commit, the query side reads, stores and also
 * marks. One definition, so the two can never drift apart.
 *
 * <p>Key {@code economy:account:{accountId}}, a hash with {@code version} (the account's version)
 * and {@code data} (the query side's JSON; empty = a pending marker: go to PostgreSQL).
 */
public final class AccountCacheLayout {

  public static final String KEY_PREFIX = "economy:account:";
  public static final String VERSION_FIELD = "version";
  public static final String DATA_FIELD = "data";

  /**
   * Lua: marks each KEYS[i] pending at version ARGV[i], with the TTL in ms as the last ARGV, unless
   * it holds that version or a later one already (one key, or a whole batch's in one call). Returns
   * how many were marked.
   */
  public static final String MARK_PENDING_SCRIPT = resource("account-cache-mark-pending.lua");

  private AccountCacheLayout() {}

  public static String key(String accountId) {
    return KEY_PREFIX + accountId;
  }

  private static String resource(String name) {
    try (InputStream in = AccountCacheLayout.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the messages module");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
