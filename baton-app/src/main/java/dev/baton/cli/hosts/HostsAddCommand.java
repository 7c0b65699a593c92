package dev.baton.cli.hosts;

import dev.baton.cli.ExitCodes;
import dev.baton.cli.Names;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Register a host (admin). Its name is lower-cased; it may take update locks until denied."},
        footer = {"", "Example:", "  baton hosts add web1.example.com --alias web1-cert \\", "    --alias 0123456789abcdef0123456789abcdef",
                "", ExitCodes.HELP})
public final class HostsAddCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "NAME", converter = Names.Host.class, description = "The host's name, usually its FQDN.") String name;
    @Option(names = "--alias", paramLabel = "ALIAS",
            description = "Another name of the host: its Puppet certname, another FQDN, its FleetLock machine id. Repeatable.")
    List<String> aliases = new ArrayList<>();

    @Override
    public Integer call() {
        var host = connection.client().addHost(name, aliases);
        if (connection.json()) {
            Output.json(spec.commandLine().getOut(), host);
        } else {
            spec.commandLine().getOut().println("added host " + host.path("name").asText());
        }
        return ExitCodes.OK;
    }
}
