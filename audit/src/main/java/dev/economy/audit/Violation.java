package dev.economy.audit;

/**
 * One broken rule: where in the stream (global position, aggregate, sequence number), which rule
 * (citing the numbered invariants of docs/architecture.md) and what exactly. A read-model
 * difference has no position in the stream: its position is the one the read models were compared
 * at, and its aggregate the row's key.
 */
public record Violation(
    long position, String aggregateId, long sequenceNumber, String rule, String detail) {

  /** Invariant 1: the sum of all balances plus the money in flight is zero after every event. */
  public static final String CONSERVATION = "invariant 1: conservation";

  /** Invariant 2: no player account and no sink below zero. */
  public static final String NEGATIVE_BALANCE = "invariant 2: no player account or sink below zero";

  /** Invariant 2: amounts are positive whole minor units. */
  public static final String AMOUNT = "invariant 2: amounts are positive";

  /** Invariant 3: an idempotency key is used once per actor, for one transfer. */
  public static final String IDEMPOTENCY_KEY = "invariant 3: one idempotency key, one transfer";

  /** Invariant 3: a transfer is debited once and settled (credited or refunded) at most once. */
  public static final String SETTLED_ONCE = "invariant 3: a transfer settles at most once";

  /** Invariant 1: what lands (credit or refund) is what was debited, on the transfer's accounts. */
  public static final String SETTLEMENT_MATCHES = "invariant 1: a settlement matches its debit";

  /** Invariant 5: the read models equal the replayed state. */
  public static final String READ_MODEL = "invariant 5: read model";

  /** Invariant 7: the events of an aggregate are gap-free (nothing lost, nothing written twice). */
  public static final String SEQUENCE = "invariant 7: gap-free aggregate sequence";

  /** The ledger's rules (architecture.md, "The ledger"): accounts, statuses, recorded balances. */
  public static final String LEDGER_RULES = "ledger rules";
}
