package dev.economy.app;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.Dependency.Predicates.dependencyTarget;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.conditions.ArchConditions.onlyHaveDependenciesWhere;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.conditions.AllDependenciesCondition;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dependency direction of the modules (docs/architecture.md, "Modules"): every module may use
 * messages; messages uses nothing of ours and no Spring; no role module uses another role module;
 * only app, the assembly, may use them all. Maven keeps most of this already (a role module does
 * not list another as a dependency), this keeps it when someone adds one.
 *
 * <p>Inside the role modules, the contexts (ledger, players, linking): each role module's code
 * lives in a package of a context or in a shared home (command.axon); a context uses its own
 * packages, the messages and the shared homes (web-support's dev.economy.web, command.axon), never
 * another context's classes; a context's web package may use its domain package, never the reverse.
 * web-support, which every role's HTTP side uses, uses no role module. It lives here, in the
 * assembly's tests, because only the assembly sees every module.
 */
class ArchitectureTest {

  private static final String MESSAGES = "dev.economy.messages..";
  private static final String APP = "dev.economy.app..";
  private static final String WEB_SUPPORT = "dev.economy.web..";
  private static final String TEST_SUPPORT = "dev.economy.testsupport..";
  private static final List<String> ROLES =
      List.of(
          "dev.economy.command..",
          "dev.economy.projections..",
          "dev.economy.query..",
          "dev.economy.sagas..");
  private static final List<String> ROLE_ROOTS =
      List.of(
          "dev.economy.command",
          "dev.economy.projections",
          "dev.economy.query",
          "dev.economy.sagas");

  /**
   * The contexts; a new one is added here (everyClassOfARoleModuleBelongsToAContextOrASharedHome
   * says so).
   */
  private static final List<String> CONTEXTS = List.of("ledger", "players", "linking");

  /**
   * What every context may use besides itself: the contract between contexts, and shared wiring.
   */
  private static final List<String> SHARED_HOMES =
      List.of(MESSAGES, WEB_SUPPORT, "dev.economy.command.axon..");

  private static JavaClasses classes;

  @BeforeAll
  static void importProductionClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            .importPackages("dev.economy");
  }

  @Test
  void theImportSeesEveryModuleThatHasCode() {
    // Guards against rules that pass because they looked at nothing.
    assertThat(classes.contain("dev.economy.messages.ledger.TransferMoneyCommand")).isTrue();
    assertThat(classes.contain("dev.economy.messages.players.RegisterPlayerCommand")).isTrue();
    assertThat(classes.contain("dev.economy.web.Problems")).isTrue();
    assertThat(classes.contain("dev.economy.web.token.AccessTokenVerifier")).isTrue();
    assertThat(classes.contain("dev.economy.command.axon.CommandRefusals")).isTrue();
    assertThat(classes.contain("dev.economy.command.ledger.Account")).isTrue();
    assertThat(classes.contain("dev.economy.command.ledger.web.LedgerCommands")).isTrue();
    assertThat(classes.contain("dev.economy.command.players.Player")).isTrue();
    assertThat(classes.contain("dev.economy.command.players.web.AuthController")).isTrue();
    assertThat(classes.contain("dev.economy.command.linking.IdentityLinks")).isTrue();
    assertThat(classes.contain("dev.economy.command.linking.web.LinkingController")).isTrue();
    assertThat(classes.contain("dev.economy.projections.ledger.AccountReadModelProjection"))
        .isTrue();
    assertThat(classes.contain("dev.economy.query.ledger.LedgerQueryController")).isTrue();
    assertThat(classes.contain("dev.economy.app.EconomyApplication")).isTrue();
    // test-support is a main jar on the test classpath: imported, so that the rules about it see
    // it.
    assertThat(classes.contain("dev.economy.testsupport.TestDatabase")).isTrue();
    assertThat(classes.contain(ArchitectureTest.class)).isFalse();
  }

  @Test
  void messagesDependOnNothingOfOurs() {
    noClasses()
        .that()
        .resideInAPackage(MESSAGES)
        .should()
        .dependOnClassesThat(resideInAPackage("dev.economy..").and(not(resideInAPackage(MESSAGES))))
        .check(classes);
  }

  @Test
  void messagesDoNotUseSpring() {
    noClasses()
        .that()
        .resideInAPackage(MESSAGES)
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.springframework..")
        .check(classes);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "dev.economy.command..",
        "dev.economy.projections..",
        "dev.economy.query..",
        "dev.economy.sagas.."
      })
  void aRoleModuleUsesNoOtherRoleModuleAndNotTheApp(String role) {
    String[] forbidden = ROLES.stream().filter(other -> !other.equals(role)).toArray(String[]::new);
    String[] forbiddenWithApp = Arrays.copyOf(forbidden, forbidden.length + 1);
    forbiddenWithApp[forbidden.length] = APP;
    noClasses()
        .that()
        .resideInAPackage(role)
        .should()
        .dependOnClassesThat(resideInAnyPackage(forbiddenWithApp))
        // projections, query-side and sagas may still be empty: an empty module breaks no rule.
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void onlyTheAppUsesTheApp() {
    noClasses()
        .that()
        .resideInAPackage("dev.economy..")
        .and()
        .resideOutsideOfPackage(APP)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(APP)
        .check(classes);
  }

  /**
   * The audit (audit/, an executable jar of its own, not on this class path) checks the other
   * modules from outside: nothing uses it. Its own rule, that of our modules it uses messages only
   * (never the aggregates, projections, query side or app whose work it checks), is
   * audit/src/test/.../AuditArchitectureTest.
   */
  @Test
  void nothingUsesTheAudit() {
    noClasses()
        .that()
        .resideInAPackage("dev.economy..")
        .and()
        .resideOutsideOfPackage("dev.economy.audit..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.economy.audit..")
        .check(classes);
  }

  @Test
  void webSupportUsesNoRoleModuleAndNotTheApp() {
    noClasses()
        .that()
        .resideInAPackage(WEB_SUPPORT)
        .should()
        .dependOnClassesThat(
            resideInAnyPackage(
                Stream.concat(ROLES.stream(), Stream.of(APP, TEST_SUPPORT)).toArray(String[]::new)))
        .check(classes);
  }

  @Test
  void everyClassOfARoleModuleBelongsToAContextOrASharedHome() {
    // Otherwise a class in a package of its own (a layer package, a new context not listed in
    // CONTEXTS) would be seen by none of the context rules below.
    String[] homes =
        Stream.concat(
                ROLE_ROOTS.stream()
                    .flatMap(root -> CONTEXTS.stream().map(context -> root + "." + context + "..")),
                SHARED_HOMES.stream())
            .toArray(String[]::new);
    classes()
        .that()
        .resideInAnyPackage(ROLES.toArray(String[]::new))
        // The documentation of a package (dev.economy.sagas: still empty) is no code.
        .and()
        .doNotHaveSimpleName("package-info")
        .should()
        .resideInAnyPackage(homes)
        .check(classes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ledger", "players", "linking"})
  void aContextUsesOnlyItselfTheMessagesAndTheSharedHomes(String context) {
    DescribedPredicate<JavaClass> ourselves = resideInAnyPackage(packagesOf(context));
    DescribedPredicate<JavaClass> allowed =
        ourselves
            .or(resideInAnyPackage(SHARED_HOMES.toArray(String[]::new)))
            .or(resideOutsideOfPackage("dev.economy.."));
    AllDependenciesCondition onlyAllowed = onlyHaveDependenciesWhere(dependencyTarget(allowed));
    classes()
        .that(ourselves)
        .should(
            onlyAllowed.as(
                "use only classes of the "
                    + context
                    + " context, the messages and the shared homes "
                    + SHARED_HOMES))
        .check(classes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ledger", "players", "linking"})
  void aContextsDomainDoesNotUseWebCode(String context) {
    String[] web =
        Arrays.stream(packagesOf(context))
            .map(pkg -> pkg.replaceFirst("\\.\\.$", ".web.."))
            .toArray(String[]::new);
    noClasses()
        .that()
        .resideInAnyPackage(packagesOf(context))
        .and(not(resideInAnyPackage(web)))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(web)
        .check(classes);
  }

  @Test
  void noDomainCodeUsesAnyWebPackageOfARoleModule() {
    // The same for every context, listed or not: only web code uses a role module's web code.
    String[] web = ROLE_ROOTS.stream().map(root -> root + ".*.web..").toArray(String[]::new);
    noClasses()
        .that()
        .resideInAnyPackage(ROLES.toArray(String[]::new))
        .and(not(resideInAnyPackage(web)))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(web)
        .check(classes);
  }

  @Test
  void noProductionCodeUsesTestSupport() {
    noClasses()
        .that()
        .resideInAPackage("dev.economy..")
        .and()
        .resideOutsideOfPackage(TEST_SUPPORT)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(TEST_SUPPORT)
        .check(classes);
  }

  @Test
  void testSupportNeedsNoModuleOfOurs() {
    // So that every module's tests can use it, including those of modules the app is built from.
    noClasses()
        .that()
        .resideInAPackage(TEST_SUPPORT)
        .should()
        .dependOnClassesThat(
            resideInAPackage("dev.economy..").and(not(resideInAPackage(TEST_SUPPORT))))
        .check(classes);
  }

  /**
   * The packages of a context in every role module: dev.economy.command.ledger..,
   * dev.economy.query.ledger.., ...
   */
  private static String[] packagesOf(String context) {
    return ROLE_ROOTS.stream().map(root -> root + "." + context + "..").toArray(String[]::new);
  }
}
