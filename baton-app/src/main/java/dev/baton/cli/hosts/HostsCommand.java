package dev.baton.cli;

import picocli.CommandLine.Command;

/** {@code baton hosts}: the host registry. */
@Command(name = "hosts", mixinStandardHelpOptions = true,
        description = {"The hosts Baton knows: their names and aliases (Puppet certname, FQDN, FleetLock machine id),",
                "whether they may take update locks, and when each last called. A Foreman DLM client is known by its",
                "certificate's CN; an unknown CN is refused unless the server runs with --auto-register-hosts."},
        subcommands = {HostsListCommand.class, HostsAddCommand.class, HostsRemoveCommand.class,
                HostsAllowCommand.class, HostsDenyCommand.class},
        footer = {"", ExitCodes.HELP})
public final class HostsCommand {
}
