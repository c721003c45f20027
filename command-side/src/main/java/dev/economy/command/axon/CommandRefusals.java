package dev.economy.command.axon;

/**
 * How a context tells the shared command gateway that a failure is a refusal of its own (an answer
 * such as insufficient_funds or username_taken, which a retry would only repeat) rather than a
 * transient failure worth retrying. Each context registers one as a bean; the gateway asks them
 * all, and knows no context's codes itself.
 */
@FunctionalInterface
public interface CommandRefusals {

  /** True when this failure is one of the context's refusals. */
  boolean isRefusal(Throwable failure);
}
