package dev.economy.app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.economy.app.IntegrationTest;
import dev.economy.messages.ledger.AccountKind;
import dev.economy.messages.ledger.AccountOpenedEvent;
import dev.economy.messages.ledger.OpenAccountCommand;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Events written before the ledger's package was called {@code ledger} (it was {@code bank}) still
 * load: stored under the old class name, they come out of the event store as today's class.
 */
class RenamedPackagesIT extends IntegrationTest {

  @Autowired CommandGateway commands;
  @Autowired EventStore eventStore;
  @Autowired JdbcTemplate jdbc;

  @Test
  void anEventStoredUnderTheOldPackageNameLoadsAsTodaysClass() {
    String accountId = "player:" + UUID.randomUUID().toString().replace("-", "") + ":wallet";
    commands.sendAndWait(new OpenAccountCommand(accountId, "owner", AccountKind.WALLET, "test"));
    int renamed =
        jdbc.update(
            "update domainevententry set payloadtype = replace(payloadtype,"
                + " 'dev.economy.messages.ledger.', 'dev.economy.messages.bank.') where aggregateidentifier = ?",
            accountId);
    assertThat(renamed).isEqualTo(1);
    assertThat(
            jdbc.queryForObject(
                "select payloadtype from domainevententry where aggregateidentifier = ?",
                String.class,
                accountId))
        .isEqualTo("dev.economy.messages.bank.AccountOpenedEvent");

    List<? extends DomainEventMessage<?>> events =
        eventStore.readEvents(accountId).asStream().toList();

    assertThat(events).hasSize(1);
    assertThat(events.get(0).getPayload()).isInstanceOf(AccountOpenedEvent.class);
    assertThat(((AccountOpenedEvent) events.get(0).getPayload()).accountId()).isEqualTo(accountId);
  }

  @Test
  void namesOfEveryRenamedPackageAreMappedAndCurrentNamesAreLeftAlone() {
    assertThat(
            RenamedPackagesUpcaster.renamed("dev.economy.messages.identity.PlayerRegisteredEvent"))
        .isEqualTo("dev.economy.messages.players.PlayerRegisteredEvent");
    assertThat(RenamedPackagesUpcaster.renamed("dev.economy.command.bank.Account"))
        .isEqualTo("dev.economy.command.ledger.Account");
    assertThat(RenamedPackagesUpcaster.renamed("dev.economy.command.identity.Player"))
        .isEqualTo("dev.economy.command.players.Player");
    assertThat(RenamedPackagesUpcaster.renamed("dev.economy.messages.ledger.AccountOpenedEvent"))
        .isNull();
  }
}
