package dev.baton.cli.pkg;

import dev.baton.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code baton package mark-tested NEVRA --repository R}. */
@Command(name = "mark-tested", mixinStandardHelpOptions = true,
        description = {"Mark a package tested in a repository that holds it (the tester role): it may then be promoted "
                + "into a repository that requires tested packages."}, footer = {"", ExitCodes.HELP})
public final class PackageMarkTestedCommand extends PackageMark {
    @Option(names = "--comment", paramLabel = "TEXT", description = "What was tested.") String comment;

    @Override
    String comment() {
        return comment;
    }

    @Override
    String action() {
        return "mark-tested";
    }
}
