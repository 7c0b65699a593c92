package dev.baton.cli.hosts;

import dev.baton.cli.ExitCodes;
import dev.baton.cli.Names;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code allow} and {@code deny}: whether a registered host may take update locks (Foreman's flag). */
abstract class HostsPermissionCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "NAME", converter = Names.Host.class, description = "The host's name or alias.") String name;

    private final boolean allowed;

    HostsPermissionCommand(boolean allowed) {
        this.allowed = allowed;
    }

    @Override
    public Integer call() {
        var host = connection.client().setHostCanAcquire(name, allowed);
        if (connection.json()) {
            Output.json(spec.commandLine().getOut(), host);
        } else {
            spec.commandLine().getOut().println(host.path("name").asText() + (allowed ? " may take update locks" : " may not take update locks"));
        }
        return ExitCodes.OK;
    }
}
