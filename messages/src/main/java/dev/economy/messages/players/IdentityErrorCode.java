package dev.economy.messages.players;

import dev.economy.messages.ErrorCode;
import java.util.Locale;
import java.util.Optional;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;

/**
 * Stable, machine-readable refusals of the player context. Like the ledger's codes they travel as
 * the details of a CommandExecutionException and become the {@code code} member of a problem+json
 * body. Never rename one: clients switch on them.
 */
public enum IdentityErrorCode implements ErrorCode {
  VALIDATION_FAILED(400),
  NOT_FOUND(404),
  USERNAME_TAKEN(409),
  EMAIL_TAKEN(409),
  /** The external identity belongs to another player: one identity links to at most one player. */
  IDENTITY_ALREADY_LINKED(409),
  /** The identity is not linked to this player (a game login by an identity that was unlinked). */
  IDENTITY_NOT_LINKED(404),
  /** The player has linked {@link PlayerRules#IDENTITIES_MAX} identities already. */
  TOO_MANY_IDENTITIES(422);

  private final int httpStatus;

  IdentityErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  @Override
  public int httpStatus() {
    return httpStatus;
  }

  /** The wire form: {@code username_taken}. */
  @Override
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The code a failure of the players context carries, or empty when it is not one of its refusals.
   * Refusals travel as CommandExecutionException with the code as details (Axon keeps the details
   * when a command is routed through Axon Server; a custom exception type it would not), so any
   * context that sends the players context a command reads its answer with this.
   */
  public static Optional<IdentityErrorCode> carriedBy(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CommandExecutionException cee) {
        Optional<Object> details = cee.getDetails();
        if (details.isPresent() && details.get() instanceof IdentityErrorCode code) {
          return Optional.of(code);
        }
        if (details.isPresent() && details.get() instanceof String s) {
          try {
            return Optional.of(IdentityErrorCode.valueOf(s));
          } catch (IllegalArgumentException ignored) {
            // not one of ours
          }
        }
      }
      if (t instanceof AggregateNotFoundException) {
        return Optional.of(IdentityErrorCode.NOT_FOUND);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return Optional.empty();
  }
}
