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

@Command(name = "remove", mixinStandardHelpOptions = true,
        description = {"Forget a host and its aliases (admin). Slots it holds stay held: release them with 'baton lock force-release'."},
        footer = {"", ExitCodes.HELP})
public final class HostsRemoveCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "NAME", converter = Names.Host.class, description = "The host's name.") String name;

    @Override
    public Integer call() {
        var answer = connection.client().removeHost(name);
        if (connection.json()) {
            Output.json(spec.commandLine().getOut(), answer);
        } else {
            spec.commandLine().getOut().println("removed host " + answer.path("name").asText());
        }
        return ExitCodes.OK;
    }
}
