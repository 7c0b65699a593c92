package dev.baton.cli.hosts;

import dev.baton.cli.ExitCodes;
import dev.baton.cli.Names;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "allow", mixinStandardHelpOptions = true,
        description = {"Let a host take update locks again (operator)."},
        footer = {"", ExitCodes.HELP})
public final class HostsAllowCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "NAME", converter = Names.Host.class, description = "The host's name or alias.") String name;

    @Override
    public Integer call() {
        var host = connection.client().setHostCanAcquire(name, true);
        if (connection.json()) {
            Output.json(spec.commandLine().getOut(), host);
        } else {
            spec.commandLine().getOut().println(host.path("name").asText() + " may take update locks");
        }
        return ExitCodes.OK;
    }
}
