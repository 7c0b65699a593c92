package dev.baton.cli.pkg;

import dev.baton.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code baton package mark-failed NEVRA --repository R --comment C}. */
@Command(name = "mark-failed", mixinStandardHelpOptions = true,
        description = {"Mark a package failed in a repository that holds it (the tester role), saying what failed: it "
                + "can no longer be promoted into a signed repository."}, footer = {"", ExitCodes.HELP})
public final class PackageMarkFailedCommand extends PackageMark {
    @Option(names = "--comment", paramLabel = "TEXT", required = true, description = "What failed.") String comment;

    @Override
    String comment() {
        return comment;
    }

    @Override
    String action() {
        return "mark-failed";
    }
}
