package dev.baton.cli.hosts;

import dev.baton.cli.ExitCodes;
import picocli.CommandLine.Command;

/** {@code baton hosts}: the hosts Baton knows and what their agents are doing. */
@Command(name = "hosts", mixinStandardHelpOptions = true,
        description = {"The hosts Baton knows, registered or not, and what their agents report.",
                "Every host that called through any door or whose agent reported progress is known; registered hosts have "
                        + "a name and aliases (Puppet certname, FQDN, FleetLock machine id).",
                "Registration decides whether a host may take update locks through Foreman DLM. A Foreman DLM client is "
                        + "known by its certificate's CN; an unknown CN is refused unless the server runs with "
                        + "--auto-register-hosts."},
        subcommands = {HostsListCommand.class, HostsShowCommand.class, HostsAddCommand.class, HostsRemoveCommand.class,
                HostsAllowCommand.class, HostsDenyCommand.class},
        footer = {"", ExitCodes.HELP})
public final class HostsCommand {
}
