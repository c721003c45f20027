package dev.economy.app.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.economy.app.IntegrationTest;
import dev.economy.app.ledger.LedgerClient.Result;
import dev.economy.command.bank.Account;
import dev.economy.messages.bank.AccountKind;
import dev.economy.messages.bank.LedgerErrorCode;
import dev.economy.messages.bank.LedgerRules;
import dev.economy.messages.bank.SystemAccount;
import dev.economy.messages.bank.TransferMoneyCommand;
import dev.economy.messages.bank.TransferStatus;
import java.time.Duration;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.Repository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Transfers that name something that is not an account. A transfer id is a UUID, which passes the
 * account id rules, and clients see transfer ids in every outcome: such a transfer must be refused
 * or come back, never fail its settlement over and over with the money in flight.
 */
class MisaddressedTransfersIT extends IntegrationTest {

  @Autowired CommandGateway gateway;
  @Autowired @Qualifier("accountRepository") Repository<Account> accountRepository;

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
    TransferMoneyCommand grant = LedgerClient.transferCommand("admin", run + "-grant",
        SystemAccount.ADMIN_GRANTS.accountId(), wallet, 500, "grant", null);
    assertThat(ledger.transfer(grant).acceptedFirstTime()).isTrue();
    assertThat(ledger.settle(grant.transferId()).accepted()).isTrue();
    grantTransferId = grant.transferId();
  }

  @Test
  void aTransferToATransferIdComesBackToItsSourceAsNotFound() {
    TransferMoneyCommand command = LedgerClient.transferCommand("game-server-1", run + "-to-transfer", wallet,
        grantTransferId, 200, "gift", null);
    Result initiated = ledger.transfer(command);
    if (initiated.accepted()) {
      // Left to the transfer-settlement processor, which must settle it rather than stall on it.
      await("settled by the processor").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .until(() -> ledger.transfer(command).outcome().status() != TransferStatus.PENDING);
      Result settled = ledger.transfer(command);
      assertThat(settled.outcome().status()).isEqualTo(TransferStatus.RETURNED);
      assertThat(settled.outcome().failureCode()).isEqualTo(LedgerErrorCode.NOT_FOUND.code());
    } else {
      assertThat(initiated.refusal()).isEqualTo(LedgerErrorCode.NOT_FOUND);
    }
    assertThat(aggregates.load(wallet).inFlightOutMinor()).isZero();
    assertThat(aggregates.load(wallet).balanceMinor()).isEqualTo(500);
  }

  @Test
  void aTransferFromATransferIdIsRefusedAsNotFound() {
    TransferMoneyCommand command = LedgerClient.transferCommand("game-server-1", run + "-from-transfer",
        grantTransferId, wallet, 200, "gift", null);
    assertThat(ledger.transfer(command).refusal()).isEqualTo(LedgerErrorCode.NOT_FOUND);
    assertThat(aggregates.load(wallet).balanceMinor()).isEqualTo(500);
  }
}
