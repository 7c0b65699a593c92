package dev.baton.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The architecture of Baton, checked on the classes of every module of the build. The modules are the
 * build's own list (the parent pom's {@code <module>}s); each module's classes are read from its
 * {@code target/classes}, so a module cannot be left out, and a new one must say here which parts it holds.
 *
 * <p>Every class belongs to a known part (a package tree), and the parts depend on each other only
 * downward: the domain (baton-core) on nothing; the stores on the domain (and the pipeline and jump, whose store
 * interfaces they implement); the HTTP doors on the domain (and the pipeline and jump, whose API routes they serve);
 * the server's wiring on those; the agent and the admin CLI on the client only; the parts to come (console,
 * pipeline, jump) on the domain's interfaces and the client, never on a store or a door. No package cycles.
 *
 * <p>Rules about packages that do not exist yet must not fail for being empty, and so could pass without
 * ever checking anything: each rule is also run on the fixtures under {@code dev.baton.*.fixture} in this
 * module's test sources, and must report exactly the fixtures that break it ({@link #eachRuleCatchesExactlyTheFixturesThatBreakIt}).
 */
class ArchitectureTest {

    // ---------------------------------------------------------------------------------------- the parts

    static final String[] DOMAIN = {"dev.baton.lock..", "dev.baton.auth..", "dev.baton.hosts..", "dev.baton.progress..",
            "dev.baton.audit..", "dev.baton.notify..", "dev.baton.jobs.."};
    static final String STORE = "dev.baton.store..";
    static final String CLIENT = "dev.baton.client..";
    static final String DOORS = "dev.baton.web..";
    static final String SERVER = "dev.baton.server..";
    static final String AGENT = "dev.baton.agent..";
    static final String CLI = "dev.baton.cli..";
    static final String APP = "dev.baton.app..";
    static final String DEMO = "dev.baton.demo..";
    static final String BENCH = "dev.baton.bench..";
    /** How notifications leave the server (SMTP, webhooks): network code the domain's notify rules must not hold. */
    static final String CHANNELS = "dev.baton.channels..";
    /** The operator's console, the package pipeline and the release jump: parts that come next. */
    static final String[] TO_COME = {"dev.baton.console..", "dev.baton.pipeline..", "dev.baton.jump.."};

    static final String[] EVERY_PART = Stream.of(Arrays.stream(DOMAIN),
            Stream.of(STORE, CLIENT, DOORS, SERVER, AGENT, CLI, APP, DEMO, BENCH, CHANNELS), Arrays.stream(TO_COME))
            .flatMap(s -> s).toArray(String[]::new);

    /**
     * The parts each module of the build holds. A module that is not here fails
     * {@link #everyModuleOfTheBuildIsChecked}: add it, with its parts (the parts to come are already known).
     */
    static final Map<String, List<String>> MODULES = Map.ofEntries(
            Map.entry("baton-core", List.of(DOMAIN)),
            Map.entry("baton-store", List.of(STORE)),
            Map.entry("baton-client", List.of(CLIENT)),
            Map.entry("baton-console", List.of(TO_COME[0])),
            Map.entry("baton-channels", List.of(CHANNELS)),
            Map.entry("baton-pipeline", List.of(TO_COME[1])),
            Map.entry("baton-jump", List.of(TO_COME[2])),
            Map.entry("baton-server", List.of(SERVER, DOORS)),
            Map.entry("baton-agent", List.of(AGENT)),
            Map.entry("baton-app", List.of(APP, CLI, DEMO)),
            Map.entry("bench", List.of(BENCH)));
    /** This module: tests only. */
    static final String THIS_MODULE = "baton-architecture";

    // ---------------------------------------------------------------------------------------- the rules

    static final ArchRule EVERY_CLASS_BELONGS_TO_A_PART = classes().should().resideInAnyPackage(EVERY_PART)
            .because("a new package must be given its place in the architecture, or no rule would check it");

    static final ArchRule PARTS_DEPEND_ONLY_DOWNWARD = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Domain").definedBy(DOMAIN)
            .layer("Store").definedBy(STORE)
            .layer("Client").definedBy(CLIENT)
            .layer("Doors").definedBy(DOORS)
            .layer("Server").definedBy(SERVER)
            .layer("Agent").definedBy(AGENT)
            .layer("Cli").definedBy(CLI)
            .layer("App").definedBy(APP)
            .layer("Demo").definedBy(DEMO)
            .layer("Bench").definedBy(BENCH)
            .optionalLayer("Channels").definedBy(CHANNELS)
            .optionalLayer("Console").definedBy(TO_COME[0])
            .optionalLayer("Pipeline").definedBy(TO_COME[1])
            .optionalLayer("Jump").definedBy(TO_COME[2])
            .whereLayer("Domain").mayNotAccessAnyLayer()
            .whereLayer("Store").mayOnlyAccessLayers("Domain", "Pipeline", "Jump")
            .whereLayer("Client").mayNotAccessAnyLayer()
            .whereLayer("Doors").mayOnlyAccessLayers("Domain", "Pipeline", "Jump")
            .whereLayer("Server").mayOnlyAccessLayers("Domain", "Store", "Doors", "Channels", "Console", "Pipeline", "Jump")
            .whereLayer("Agent").mayOnlyAccessLayers("Client")
            .whereLayer("Cli").mayOnlyAccessLayers("Client", "Jump")
            .whereLayer("App").mayOnlyAccessLayers("Domain", "Client", "Server", "Agent", "Cli", "Demo",
                    "Channels", "Console", "Pipeline", "Jump")
            .whereLayer("Demo").mayOnlyAccessLayers("Domain", "Client", "Server", "Agent")
            .whereLayer("Channels").mayOnlyAccessLayers("Domain")
            .whereLayer("Bench").mayOnlyAccessLayers("Domain", "Store", "Server", "Client", "Pipeline", "Jump")
            .whereLayer("Console").mayOnlyAccessLayers("Domain", "Client", "Pipeline", "Jump")
            .whereLayer("Pipeline").mayOnlyAccessLayers("Domain", "Client", "Console", "Jump")
            .whereLayer("Jump").mayOnlyAccessLayers("Domain", "Client", "Console", "Pipeline");

    static final ArchRule DOMAIN_KNOWS_NOTHING_OF_HTTP_OR_SQL = noClasses().that().resideInAnyPackage(DOMAIN)
            .should().dependOnClassesThat().resideInAnyPackage(concat(new String[] {"java.sql..", "javax.sql..",
                    "org.jdbi..", "io.javalin..", "jakarta.servlet..", "org.eclipse.jetty..", "com.fasterxml..",
                    "java.net.http..", STORE, DOORS, SERVER, CLIENT}, TO_COME))
            .because("the lock domain is used by every part and depends on none; the parts to come depend on it");

    static final ArchRule STORES_KNOW_NOTHING_OF_HTTP = noClasses().that().resideInAPackage(STORE)
            .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "jakarta.servlet..", DOORS, SERVER);

    static final ArchRule DOORS_GO_THROUGH_THE_LOCK_SERVICE = noClasses().that().resideInAPackage(DOORS)
            .should().dependOnClassesThat().resideInAnyPackage(STORE, "java.sql..", "javax.sql..", "org.jdbi..");

    static final ArchRule DOORS_DO_NOT_USE_EACH_OTHER = slices().matching("dev.baton.web.(*)..").should().notDependOnEachOther()
            .because("each protocol door (nativeapi, foreman, dlmengine, fleetlock) is a thin adapter over the lock service "
                    + "and the shared web code (the holder gate, errors, JSON); what two doors share belongs there");

    static final ArchRule SHARED_WEB_CODE_KNOWS_NO_DOOR = noClasses().that().resideInAPackage("dev.baton.web")
            .should().dependOnClassesThat().resideInAPackage("dev.baton.web.*..");

    static final ArchRule THE_CLIENT_HAS_NO_SERVER_CODE = noClasses().that().resideInAPackage(CLIENT)
            .should().dependOnClassesThat().resideInAnyPackage(SERVER, DOORS, STORE, "io.javalin..", "org.jdbi..");

    static final ArchRule STORE_INTERNALS_STAY_IN_THE_STORE = noClasses().that().resideOutsideOfPackage(STORE)
            .should().dependOnClassesThat().resideInAnyPackage("dev.baton.store.sql..", "dev.baton.store.sqlite..",
                    "dev.baton.store.postgres..")
            .because("baton-store's entry points are Database and the Sql*Store classes in dev.baton.store");

    static final ArchRule PARTS_TO_COME_USE_THE_DOMAIN_INTERFACES = noClasses().that().resideInAnyPackage(TO_COME)
            .should().dependOnClassesThat().resideInAnyPackage(STORE, DOORS, "java.sql..", "javax.sql..", "org.jdbi..",
                    "org.flywaydb..", "com.zaxxer..", "org.postgresql..", "org.sqlite..")
            .because("the console, pipeline and jump use the lock service and the stores through baton-core's "
                    + "interfaces (Locks, LockStore, AuthStore, ...), never a store's implementation or a protocol door")
            .allowEmptyShould(true);

    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("dev.baton.(**)").should().beFreeOfCycles();

    static final Map<String, ArchRule> RULES = rules();

    private static Map<String, ArchRule> rules() {
        Map<String, ArchRule> rules = new LinkedHashMap<>();
        rules.put("every class belongs to a part", EVERY_CLASS_BELONGS_TO_A_PART);
        rules.put("parts depend only downward", PARTS_DEPEND_ONLY_DOWNWARD);
        rules.put("the domain knows nothing of HTTP or SQL", DOMAIN_KNOWS_NOTHING_OF_HTTP_OR_SQL);
        rules.put("stores know nothing of HTTP", STORES_KNOW_NOTHING_OF_HTTP);
        rules.put("doors go through the lock service", DOORS_GO_THROUGH_THE_LOCK_SERVICE);
        rules.put("doors do not use each other", DOORS_DO_NOT_USE_EACH_OTHER);
        rules.put("the shared web code knows no door", SHARED_WEB_CODE_KNOWS_NO_DOOR);
        rules.put("the client has no server code", THE_CLIENT_HAS_NO_SERVER_CODE);
        rules.put("store internals stay in the store", STORE_INTERNALS_STAY_IN_THE_STORE);
        rules.put("parts to come use the domain's interfaces", PARTS_TO_COME_USE_THE_DOMAIN_INTERFACES);
        rules.put("no package cycles", NO_PACKAGE_CYCLES);
        return rules;
    }

    // ---------------------------------------------------------------------------------------- the fixtures

    /**
     * A fixture: classes (a rule breaker, with the classes it needs) and the rules it must break; no other
     * rule may report it.
     */
    record Fixture(String name, List<Class<?>> classes, Set<String> breaks) {
    }

    static final List<Fixture> FIXTURES = List.of(
            new Fixture("a console that uses the lock domain's interfaces",
                    List.of(dev.baton.console.fixture.UsesTheLockDomain.class), Set.of()),
            new Fixture("a console that uses a store's implementation",
                    List.of(dev.baton.console.fixture.ReachesIntoTheStore.class),
                    Set.of("parts depend only downward", "parts to come use the domain's interfaces")),
            new Fixture("a pipeline that reaches into a protocol door",
                    List.of(dev.baton.pipeline.fixture.ReachesIntoADoor.class, dev.baton.web.fixture.ADoor.class),
                    Set.of("parts depend only downward", "parts to come use the domain's interfaces")),
            new Fixture("a jump that talks SQL",
                    List.of(dev.baton.jump.fixture.TalksSql.class), Set.of("parts to come use the domain's interfaces")),
            new Fixture("a jump that uses the store's internals",
                    List.of(dev.baton.jump.fixture.ReachesIntoStoreInternals.class),
                    Set.of("parts depend only downward", "store internals stay in the store",
                            "parts to come use the domain's interfaces")),
            new Fixture("the lock domain depending on the console",
                    List.of(dev.baton.lock.fixture.DomainUsesTheConsole.class, dev.baton.console.fixture.UsesTheLockDomain.class),
                    Set.of("parts depend only downward", "the domain knows nothing of HTTP or SQL")),
            new Fixture("a class in no known part",
                    List.of(dev.baton.unplaced.fixture.SlipsPast.class), Set.of("every class belongs to a part")),
            new Fixture("two packages that depend on each other",
                    List.of(dev.baton.pipeline.fixture.cycle.left.Left.class, dev.baton.pipeline.fixture.cycle.right.Right.class),
                    Set.of("no package cycles")));

    // ---------------------------------------------------------------------------------------- the classes

    static Path root;
    static List<String> buildModules;
    static Map<String, JavaClasses> byModule;
    /** Every module's classes. */
    static JavaClasses production;
    /** Every module's classes and the fixtures; rules run on the production classes and one fixture at a time. */
    static JavaClasses withFixtures;

    @BeforeAll
    static void load() {
        root = Path.of(System.getProperty("baton.root", "..")).toAbsolutePath().normalize();
        buildModules = modulesOf(root.resolve("pom.xml"));
        List<Path> classDirs = new ArrayList<>();
        for (String module : buildModules) {
            Path classes = root.resolve(module).resolve("target/classes");
            if (!module.equals(THIS_MODULE) && Files.isDirectory(classes)) {
                classDirs.add(classes);
            }
        }
        classDirs.add(root.resolve(THIS_MODULE).resolve("target/test-classes"));
        withFixtures = new ClassFileImporter()
                .withImportOption(location -> !location.contains("/test-classes/") || location.contains("/fixture/"))
                .importPaths(classDirs);
        production = withFixtures.that(DescribedPredicate.describe("not a fixture", c -> !isFixture(c)));
        byModule = new LinkedHashMap<>();
        for (String module : buildModules) {
            JavaClasses classes = production.that(DescribedPredicate.describe("in " + module, c -> c.getSource()
                    .map(source -> source.getUri().toString().contains("/" + module + "/target/classes/")).orElse(false)));
            if (classes.size() > 0) {
                byModule.put(module, classes);
            }
        }
    }

    // ---------------------------------------------------------------------------------------- the tests

    @Test
    void everyModuleOfTheBuildIsChecked() {
        assertThat(buildModules).as("the modules of " + root.resolve("pom.xml")).contains(THIS_MODULE).hasSizeGreaterThan(1);
        for (String module : buildModules) {
            if (module.equals(THIS_MODULE)) {
                continue;
            }
            assertThat(MODULES).as("module " + module + " is not in ArchitectureTest.MODULES: add it with the parts "
                    + "(packages) it holds").containsKey(module);
            assertThat(byModule).as(module + " has no classes in target/classes: build it before this module "
                    + "(it must be a dependency of " + THIS_MODULE + ")").containsKey(module);
            assertThat(byModule.get(module).size()).as("classes of " + module).isPositive();
        }
        assertThat(buildModules).as("modules in ArchitectureTest.MODULES that the build no longer has")
                .containsAll(MODULES.keySet());
    }

    @Test
    void eachModuleHoldsOnlyItsParts() {
        byModule.forEach((module, classes) -> {
            List<String> parts = MODULES.get(module);
            if (parts != null) { // a module missing from MODULES fails everyModuleOfTheBuildIsChecked
                classes().should().resideInAnyPackage(parts.toArray(String[]::new))
                        .as("the classes of " + module + " are in its parts " + parts).check(classes);
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> theProductionClassesKeepEveryRule() {
        return RULES.entrySet().stream()
                .map(rule -> DynamicTest.dynamicTest(rule.getKey(), () -> rule.getValue().check(production)));
    }

    @TestFactory
    Stream<DynamicTest> eachRuleCatchesExactlyTheFixturesThatBreakIt() {
        return FIXTURES.stream().map(fixture -> DynamicTest.dynamicTest(fixture.name(), () -> {
            JavaClasses classes = withFixtures.that(productionOr(fixture));
            assertThat(classes.size()).isEqualTo(production.size() + fixture.classes().size());
            Set<String> broken = new TreeSet<>();
            RULES.forEach((name, rule) -> {
                EvaluationResult result = rule.evaluate(classes);
                if (result.hasViolation()) {
                    broken.add(name);
                }
            });
            assertThat(broken).as("the rules that report " + fixture.name()).containsExactlyInAnyOrderElementsOf(fixture.breaks());
        }));
    }

    // ---------------------------------------------------------------------------------------- helpers

    private static DescribedPredicate<JavaClass> productionOr(Fixture fixture) {
        Set<String> names = new TreeSet<>(fixture.classes().stream().map(Class::getName).toList());
        return DescribedPredicate.describe("production or " + fixture.name(), c -> !isFixture(c) || names.contains(c.getName()));
    }

    /** A class of this module's test sources, under a {@code fixture} package. */
    private static boolean isFixture(JavaClass c) {
        return c.getSource().map(source -> source.getUri().toString().contains("/test-classes/")).orElse(false);
    }

    /** The {@code <module>}s of a pom, in order. */
    private static List<String> modulesOf(Path pom) {
        try {
            Matcher m = Pattern.compile("<module>\\s*([^<\\s]+)\\s*</module>").matcher(Files.readString(pom));
            List<String> modules = new ArrayList<>();
            while (m.find()) {
                modules.add(m.group(1));
            }
            return modules;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the build's modules from " + pom, e);
        }
    }

    private static String[] concat(String[] a, String[] b) {
        return Stream.concat(Arrays.stream(a), Arrays.stream(b)).toArray(String[]::new);
    }
}
