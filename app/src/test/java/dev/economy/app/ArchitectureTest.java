package dev.economy.app;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dependency direction of the modules (architecture.md, "Modules"): every module may use
 * messages; messages uses nothing of ours and no Spring; no role module uses another role module;
 * only app, the assembly, may use them all. Maven keeps most of this already (a role module does
 * not list another as a dependency), this keeps it when someone adds one.
 */
class ArchitectureTest {

  private static final String MESSAGES = "dev.economy.messages..";
  private static final String APP = "dev.economy.app..";
  private static final List<String> ROLES =
      List.of("dev.economy.command..", "dev.economy.projections..", "dev.economy.query..", "dev.economy.sagas..");

  private static JavaClasses classes;

  @BeforeAll
  static void importProductionClasses() {
    classes = new ClassFileImporter()
        .withImportOption(new ImportOption.DoNotIncludeTests())
        .importPackages("dev.economy");
  }

  @Test
  void theImportSeesEveryModuleThatHasCode() {
    // Guards against rules that pass because they looked at nothing.
    assertThat(classes.contain("dev.economy.messages.ledger.TransferMoneyCommand")).isTrue();
    assertThat(classes.contain("dev.economy.command.ledger.Account")).isTrue();
    assertThat(classes.contain("dev.economy.command.ledger.web.LedgerCommands")).isTrue();
    assertThat(classes.contain("dev.economy.projections.ledger.AccountReadModelProjection")).isTrue();
    assertThat(classes.contain("dev.economy.query.ledger.LedgerQueryController")).isTrue();
    assertThat(classes.contain("dev.economy.app.EconomyApplication")).isTrue();
    assertThat(classes.contain(ArchitectureTest.class)).isFalse();
  }

  @Test
  void messagesDependOnNothingOfOurs() {
    noClasses().that().resideInAPackage(MESSAGES)
        .should().dependOnClassesThat(resideInAPackage("dev.economy..").and(not(resideInAPackage(MESSAGES))))
        .check(classes);
  }

  @Test
  void messagesDoNotUseSpring() {
    noClasses().that().resideInAPackage(MESSAGES)
        .should().dependOnClassesThat().resideInAPackage("org.springframework..")
        .check(classes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev.economy.command..", "dev.economy.projections..", "dev.economy.query..",
      "dev.economy.sagas.."})
  void aRoleModuleUsesNoOtherRoleModuleAndNotTheApp(String role) {
    String[] forbidden = ROLES.stream().filter(other -> !other.equals(role)).toArray(String[]::new);
    String[] forbiddenWithApp = Arrays.copyOf(forbidden, forbidden.length + 1);
    forbiddenWithApp[forbidden.length] = APP;
    noClasses().that().resideInAPackage(role)
        .should().dependOnClassesThat(resideInAnyPackage(forbiddenWithApp))
        // projections, query-side and sagas may still be empty: an empty module breaks no rule.
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void onlyTheAppUsesTheApp() {
    noClasses().that().resideInAPackage("dev.economy..").and().resideOutsideOfPackage(APP)
        .should().dependOnClassesThat().resideInAPackage(APP)
        .check(classes);
  }
}
