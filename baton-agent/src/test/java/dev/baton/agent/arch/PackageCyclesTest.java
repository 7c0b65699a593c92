package dev.baton.agent.arch;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/**
 * The agent's packages depend on each other in one direction only: no package of baton-agent, the root package
 * ({@code dev.baton.agent}, the entry point) included, reaches back into one that depends on it.
 */
class PackageCyclesTest {

    /** Every package of the agent is a slice of its own; classes of other modules and libraries are left out. */
    private static final SliceAssignment AGENT_PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            String p = c.getPackageName();
            return p.equals("dev.baton.agent") || p.startsWith("dev.baton.agent.") ? SliceIdentifier.of(p) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the packages of baton-agent";
        }
    };

    @Test
    void theAgentsPackagesAreFreeOfCycles() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.baton.agent");
        slices().assignedFrom(AGENT_PACKAGES).should().beFreeOfCycles().check(classes);
    }
}
