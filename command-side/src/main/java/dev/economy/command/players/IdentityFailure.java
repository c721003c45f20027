package dev.economy.command.players;

import dev.economy.messages.players.IdentityErrorCode;
import java.util.Optional;
import org.axonframework.commandhandling.CommandExecutionException;

/**
 * Refusals of the player context travel as CommandExecutionException with the code as details, as
 * the ledger's do (LedgerFailure): Axon keeps the details when a command is routed through Axon
 * Server, a custom exception type it would not.
 */
public final class IdentityFailure {
  private IdentityFailure() {}

  public static CommandExecutionException of(IdentityErrorCode code, String detail) {
    return new CommandExecutionException(detail, null, code);
  }

  /** The code carried by a failure, or empty when the failure is not a refusal of this context. */
  public static Optional<IdentityErrorCode> codeOf(Throwable failure) {
    return IdentityErrorCode.carriedBy(failure);
  }
}
