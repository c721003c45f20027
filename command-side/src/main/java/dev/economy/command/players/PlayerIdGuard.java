package dev.economy.command.players;

import dev.economy.messages.players.IdentityErrorCode;
import dev.economy.messages.players.LinkIdentityCommand;
import dev.economy.messages.players.LockOutPlayerCommand;
import dev.economy.messages.players.LogInPlayerByIdentityCommand;
import dev.economy.messages.players.LogInPlayerCommand;
import dev.economy.messages.players.PlayerRules;
import dev.economy.messages.players.RegisterPlayerCommand;
import dev.economy.messages.players.UnlinkIdentityCommand;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Checks the target id of every player command before Axon loads the aggregate: players share the
 * event store's id space with accounts and transfers, and a command naming another aggregate's id
 * would otherwise load the wrong stream and fail with a technical error instead of
 * validation_failed (the ledger's AggregateIdGuard does the same for its commands).
 */
@Component
class PlayerIdGuard implements MessageHandlerInterceptor<CommandMessage<?>> {

  @Override
  public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
      throws Exception {
    Object payload = unitOfWork.getMessage().getPayload();
    String playerId = null;
    boolean playerCommand = true;
    if (payload instanceof RegisterPlayerCommand c) {
      playerId = c.playerId();
    } else if (payload instanceof LinkIdentityCommand c) {
      playerId = c.playerId();
    } else if (payload instanceof UnlinkIdentityCommand c) {
      playerId = c.playerId();
    } else if (payload instanceof LogInPlayerCommand c) {
      playerId = c.playerId();
    } else if (payload instanceof LockOutPlayerCommand c) {
      playerId = c.playerId();
    } else if (payload instanceof LogInPlayerByIdentityCommand c) {
      playerId = c.playerId();
    } else {
      playerCommand = false;
    }
    if (playerCommand && (playerId == null || !PlayerRules.PLAYER_ID.matcher(playerId).matches())) {
      throw IdentityFailure.of(
          IdentityErrorCode.VALIDATION_FAILED, "playerId is missing or malformed");
    }
    return chain.proceed();
  }
}
