package dev.baton.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module layout is the architecture; these rules keep it honest. */
class ArchitectureTest {

    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.baton");
    }

    @Test
    void theDomainKnowsNothingOfHttpOrSql() {
        noClasses().that().resideInAnyPackage("dev.baton.lock..", "dev.baton.auth..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.jdbi..", "io.javalin..",
                        "jakarta.servlet..", "org.eclipse.jetty..", "com.fasterxml..", "java.net.http..",
                        "dev.baton.store..", "dev.baton.web..", "dev.baton.server..")
                .check(classes);
    }

    @Test
    void storesKnowNothingOfHttp() {
        noClasses().that().resideInAPackage("dev.baton.store..")
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "jakarta.servlet..", "dev.baton.web..", "dev.baton.server..")
                .check(classes);
    }

    @Test
    void protocolDoorsGoThroughTheLockServiceNotTheStore() {
        noClasses().that().resideInAPackage("dev.baton.web..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.baton.store..", "java.sql..", "org.jdbi..")
                .check(classes);
    }

    @Test
    void eachDoorStandsOnTheSharedWebCodeAlone() {
        slices().matching("dev.baton.web.(*)..").should().notDependOnEachOther().check(classes);
        noClasses().that().resideInAPackage("dev.baton.web")
                .should().dependOnClassesThat().resideInAPackage("dev.baton.web.*..")
                .check(classes);
    }

    @Test
    void theClientHasNoServerCode() {
        noClasses().that().resideInAPackage("dev.baton.client..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.baton.server..", "dev.baton.web..", "dev.baton.store..",
                        "io.javalin..", "org.jdbi..")
                .check(classes);
    }
}
