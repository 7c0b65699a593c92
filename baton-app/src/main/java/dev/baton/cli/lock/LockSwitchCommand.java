package dev.baton.cli.lock;

import dev.baton.cli.ExitCodes;
import dev.baton.cli.Names;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code enable} and {@code disable}: one lock switched on or off, with a reason for its history. */
abstract class LockSwitchCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "NAME", converter = Names.Lock.class, description = "The lock.") String name;
    @Option(names = "--reason", paramLabel = "TEXT", description = "Recorded in the lock's history.") String reason;

    private final boolean enabled;

    LockSwitchCommand(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public Integer call() {
        var lock = connection.client().setEnabled(name, enabled, reason);
        if (connection.json()) {
            Output.json(spec.commandLine().getOut(), lock);
        } else {
            spec.commandLine().getOut().println(name + (enabled ? " is enabled" : " is disabled"));
        }
        return ExitCodes.OK;
    }
}
