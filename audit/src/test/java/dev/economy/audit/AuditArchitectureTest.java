package dev.economy.audit;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The audit is an independent fold (architecture.md, "Modules"): of our modules it uses messages
 * only, never the command side's aggregates, the projections, the query side or the app. It lives
 * here because app's ArchitectureTest does not have the audit on its class path (the audit's jar is
 * an executable one).
 */
class AuditArchitectureTest {

  @Test
  void theAuditUsesOnlyTheMessagesOfOurModules() {
    noClasses()
        .that()
        .resideInAPackage("dev.economy.audit..")
        .should()
        .dependOnClassesThat(
            resideInAPackage("dev.economy..")
                .and(resideInAPackage("dev.economy.audit..").negate())
                .and(resideInAPackage("dev.economy.messages..").negate()))
        .check(
            new ClassFileImporter()
                .withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages("dev.economy.audit"));
  }
}
