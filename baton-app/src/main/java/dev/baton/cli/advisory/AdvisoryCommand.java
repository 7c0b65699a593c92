package dev.baton.cli.advisory;

import dev.baton.cli.ExitCodes;
import picocli.CommandLine.Command;

/** {@code baton advisory}: site and upstream advisories. */
@Command(name = "advisory", mixinStandardHelpOptions = true,
        description = {"Advisories tell hosts which package versions fix what (dnf updateinfo, dnf upgrade --advisory). "
                + "Site advisories (ids like SITE-SA:2026:0001, numbered by the server) are created by hand or derived "
                + "from an upstream one (RHSA, read from a remote or imported from CSAF). A published repository "
                + "version lists the advisories it holds a package of. Reading needs the view permission; creating, "
                + "deriving and importing need manage-releases (admin, release-manager)."},
        subcommands = {AdvisoryCreateCommand.class, AdvisoryListCommand.class, AdvisoryShowCommand.class,
                AdvisoryDeriveCommand.class, AdvisoryImportCsafCommand.class},
        footer = {"", ExitCodes.HELP})
public final class AdvisoryCommand {
}
