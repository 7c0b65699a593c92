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

@Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable a lock again (operator).",
        footer = {"", ExitCodes.HELP})
public final class LockEnableCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "NAME", converter = Names.Lock.class, description = "The lock.") String name;
    @Option(names = "--reason", paramLabel = "TEXT", description = "Recorded in the lock's history.") String reason;

    @Override
    public Integer call() {
        var lock = connection.client().setEnabled(name, true, reason);
        if (connection.json()) {
            Output.json(spec.commandLine().getOut(), lock);
        } else {
            spec.commandLine().getOut().println(name + " is enabled");
        }
        return ExitCodes.OK;
    }
}
