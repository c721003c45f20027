package dev.economy.command.players;

import dev.economy.messages.ledger.AccountKind;
import dev.economy.messages.ledger.LedgerRules;
import dev.economy.messages.ledger.OpenAccountCommand;
import dev.economy.messages.players.PlayerRegisteredEvent;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Opens the wallet and bank of every registered player. A streaming processor with its token in
 * PostgreSQL: if the process dies after a registration committed and before its accounts are open,
 * the processor picks the registration up again on the next start. Opening is idempotent, so doing
 * it twice (a replay, the HTTP fast path in PlayerRegistration) is harmless. Errors propagate
 * (IdentityAxonConfiguration), so a registration is retried, never skipped.
 */
@Component
@ProcessingGroup(PlayerAccountsOpener.PROCESSING_GROUP)
class PlayerAccountsOpener {

  static final String PROCESSING_GROUP = "player-accounts";

  /** The actor recorded on the accounts that registration opens. */
  static final String ACTOR = "player-registration";

  private final CommandGateway commandGateway;

  PlayerAccountsOpener(CommandGateway commandGateway) {
    this.commandGateway = commandGateway;
  }

  @EventHandler
  void on(PlayerRegisteredEvent event) {
    open(commandGateway, event.playerId());
  }

  static void open(CommandGateway commandGateway, String playerId) {
    commandGateway.sendAndWait(
        new OpenAccountCommand(
            LedgerRules.walletAccountId(playerId), playerId, AccountKind.WALLET, ACTOR));
    commandGateway.sendAndWait(
        new OpenAccountCommand(
            LedgerRules.bankAccountId(playerId), playerId, AccountKind.BANK, ACTOR));
  }
}
