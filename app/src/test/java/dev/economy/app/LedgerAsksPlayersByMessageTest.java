package dev.economy.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The ledger refuses accounts for unknown players by asking the players context a question
 * (FindPlayerQuery in messages.players, on Axon's query bus), never by using its classes or tables;
 * and the players context opens a registered player's accounts by sending the ledger's commands
 * (messages.ledger), never by using the ledger's classes.
 */
class LedgerAsksPlayersByMessageTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(new ImportOption.DoNotIncludeTests())
          .importPackages("dev.economy.command");

  @Test
  void theLedgerUsesNoClassOfThePlayersOrLinkingContexts() {
    assertThat(CLASSES.contain("dev.economy.command.ledger.web.RegisteredPlayers")).isTrue();
    noClasses()
        .that()
        .resideInAPackage("dev.economy.command.ledger..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.economy.command.players..", "dev.economy.command.linking..")
        .check(CLASSES);
  }

  @Test
  void thePlayersContextUsesNoClassOfTheLedger() {
    assertThat(CLASSES.contain("dev.economy.command.players.PlayerQueries")).isTrue();
    noClasses()
        .that()
        .resideInAPackage("dev.economy.command.players..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.economy.command.ledger..")
        .check(CLASSES);
  }
}
