package dev.economy.messages.ledger;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Idempotency keys are scoped to their sender (as Stripe scopes them to an API key): two senders
 * that both pick "1" must not collide. The transfer id is a name-based UUID of both.
 */
public final class TransferIds {
  private TransferIds() {}

  public static String transferId(String actor, String idempotencyKey) {
    String name = actor + "\n" + idempotencyKey;
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
