package dev.economy.command.ledger;

import dev.economy.messages.ledger.LedgerErrorCode;
import org.axonframework.commandhandling.CommandExecutionException;

/**
 * Business refusals travel as CommandExecutionException with the error code as details: Axon keeps
 * the details when a command is routed through Axon Server, a custom exception type it would not.
 */
public final class LedgerFailure {
  private LedgerFailure() {}

  public static CommandExecutionException of(LedgerErrorCode code, String detail) {
    return new CommandExecutionException(detail, null, code);
  }

  /** The code carried by a failure, or empty when the failure is not a business refusal. */
  public static java.util.Optional<LedgerErrorCode> codeOf(Throwable failure) {
    Throwable t = failure;
    while (t != null) {
      if (t instanceof CommandExecutionException cee) {
        java.util.Optional<Object> details = cee.getDetails();
        if (details.isPresent() && details.get() instanceof LedgerErrorCode code) {
          return java.util.Optional.of(code);
        }
        if (details.isPresent() && details.get() instanceof String s) {
          try {
            return java.util.Optional.of(LedgerErrorCode.valueOf(s));
          } catch (IllegalArgumentException ignored) {
            // not one of ours
          }
        }
      }
      if (t instanceof org.axonframework.modelling.command.AggregateNotFoundException) {
        return java.util.Optional.of(LedgerErrorCode.NOT_FOUND);
      }
      t = t.getCause();
    }
    return java.util.Optional.empty();
  }
}
