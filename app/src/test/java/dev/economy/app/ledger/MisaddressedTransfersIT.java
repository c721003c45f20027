package dev.economy.app.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.economy.app.IntegrationTest;
import dev.economy.command.ledger.Account;
import dev.economy.messages.ledger.AccountKind;
import dev.economy.messages.ledger.LedgerErrorCode;
import dev.economy.messages.ledger.LedgerRules;
import dev.economy.messages.ledger.OpenAccountCommand;
import dev.economy.messages.ledger.SystemAccount;
import dev.economy.messages.ledger.TransferMoneyCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.Repository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Transfers that name something that is not an account. Accounts and transfers share the event
 * store's aggregate id space and clients see transfer ids in every outcome: such a transfer must be
 * refused up front, never debited and then fail its settlement over and over with the money in
 * flight (it once did). RepositoryAccountLedger still treats a stream of another type as no
 * account.
 */
class MisaddressedTransfersIT extends IntegrationTest {

  @Autowired CommandGateway gateway;

  @Autowired
  @Qualifier("accountRepository")
  Repository<Account> accountRepository;

  private LedgerClient ledger;
  private AccountAggregates aggregates;
  private final String run = "m" + Long.toString(System.nanoTime(), 36);
  private String wallet;
  private String grantTransferId;

  @BeforeEach
  void setUp() {
    ledger = new LedgerClient(gateway);
    aggregates = new AccountAggregates(accountRepository);
    String player = run + "-player";
    wallet = LedgerRules.walletAccountId(player);
    ledger.open(wallet, player, AccountKind.WALLET);
    TransferMoneyCommand grant =
        LedgerClient.transferCommand(
            "admin",
            run + "-grant",
            SystemAccount.ADMIN_GRANTS.accountId(),
            wallet,
            500,
            "grant",
            null);
    assertThat(ledger.transfer(grant).acceptedFirstTime()).isTrue();
    assertThat(ledger.settle(grant.transferId()).accepted()).isTrue();
    grantTransferId = grant.transferId();
  }

  @Test
  void aTransferToATransferIdIsRefusedAndMovesNothing() {
    TransferMoneyCommand command =
        LedgerClient.transferCommand(
            "game-server-1", run + "-to-transfer", wallet, grantTransferId, 200, "gift", null);
    // Account ids carry a namespace prefix a transfer id (a bare UUID) never has.
    assertThat(ledger.transfer(command).refusal()).isEqualTo(LedgerErrorCode.VALIDATION_FAILED);
    assertThat(aggregates.load(wallet).inFlightOutMinor()).isZero();
    assertThat(aggregates.load(wallet).balanceMinor()).isEqualTo(500);
  }

  @Test
  void aTransferFromATransferIdIsRefusedAndMovesNothing() {
    TransferMoneyCommand command =
        LedgerClient.transferCommand(
            "game-server-1", run + "-from-transfer", grantTransferId, wallet, 200, "gift", null);
    assertThat(ledger.transfer(command).refusal()).isEqualTo(LedgerErrorCode.VALIDATION_FAILED);
    assertThat(aggregates.load(wallet).balanceMinor()).isEqualTo(500);
  }

  @Test
  void anAccountCannotBeOpenedUnderATransferId() {
    assertThat(
            ledger.send(
                new OpenAccountCommand(
                    grantTransferId, run + "-player", AccountKind.WALLET, "test")))
        .contains(LedgerErrorCode.VALIDATION_FAILED);
  }
}
