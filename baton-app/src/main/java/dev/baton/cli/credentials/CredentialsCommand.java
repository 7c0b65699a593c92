package dev.baton.cli.credentials;

import dev.baton.cli.ExitCodes;
import picocli.CommandLine.Command;

/** {@code baton credentials}: API credentials for hosts, operators and tools. */
@Command(name = "credentials", mixinStandardHelpOptions = true,
        description = "Create, list and revoke API credentials (admin).",
        subcommands = {CredentialsCreateCommand.class, CredentialsListCommand.class, CredentialsRevokeCommand.class},
        footer = {"", ExitCodes.HELP})
public final class CredentialsCommand {
}
