package dev.baton.cli.pkg;

import dev.baton.cli.ExitCodes;
import picocli.CommandLine.Command;

/** {@code baton package}: package files, their states and history. */
@Command(name = "package", mixinStandardHelpOptions = true,
        description = {"Packages and their states: waiting (checked), test failed, unsigned, signed/untested, tested, good "
                + "(in production); per file and repository, every change an event with who and why."},
        subcommands = {PackageShowCommand.class, PackageListCommand.class, PackageMarkTestedCommand.class,
                PackageMarkFailedCommand.class},
        footer = {"", ExitCodes.HELP})
public final class PackageCommand {
}
