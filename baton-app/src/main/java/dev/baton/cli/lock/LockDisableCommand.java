package dev.baton.cli.lock;

import dev.baton.cli.ExitCodes;
import dev.baton.cli.Names;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "disable", mixinStandardHelpOptions = true, description = "Disable a lock (operator): no acquire and no release until it is enabled again.",
        footer = {"", ExitCodes.HELP})
public final class LockDisableCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "NAME", converter = Names.Lock.class, description = "The lock.") String name;
    @Option(names = "--reason", paramLabel = "TEXT", description = "Recorded in the lock's history.") String reason;

    @Override
    public Integer call() {
        var lock = connection.client().setEnabled(name, false, reason);
        if (connection.json()) {
            Output.json(spec.commandLine().getOut(), lock);
        } else {
            spec.commandLine().getOut().println(name + " is disabled");
        }
        return ExitCodes.OK;
    }
}
