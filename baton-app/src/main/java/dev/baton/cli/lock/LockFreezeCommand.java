package dev.baton.cli.lock;

import dev.baton.cli.ExitCodes;
import dev.baton.cli.Names;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "freeze", mixinStandardHelpOptions = true,
        description = {"Stop new grants on one lock, or on every lock with --all (operator).",
                "Holders keep their slots and may release. For incidents."},
        footer = {"", ExitCodes.HELP})
public final class LockFreezeCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @ArgGroup(multiplicity = "1") Target target;
    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why; required.") String reason;

    /** One lock by name, or the whole fleet. */
    static final class Target {
        @Parameters(paramLabel = "NAME", converter = Names.Lock.class, description = "One lock.") String name;
        @Option(names = "--all", description = "Every lock (the fleet).") boolean all;
    }

    @Override
    public Integer call() {
        var answer = connection.client().freeze(target.all ? null : target.name, reason);
        if (connection.json()) {
            Output.json(spec.commandLine().getOut(), answer);
        } else {
            spec.commandLine().getOut().println((target.all ? "every lock" : target.name) + " is frozen: " + reason);
        }
        return ExitCodes.OK;
    }
}
