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

@Command(name = "force-release", mixinStandardHelpOptions = true,
        description = "Remove a holder's slot, whoever it is (operator). The reason goes into the lock's history.",
        footer = {"", ExitCodes.HELP})
public final class LockForceReleaseCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "NAME", converter = Names.Lock.class, description = "The lock.") String name;
    @Option(names = "--holder", required = true, paramLabel = "HOLDER", converter = Names.Holder.class,
            description = "Whose slot to remove.") String holder;
    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why; required.") String reason;

    @Override
    public Integer call() {
        var answer = connection.client().forceRelease(name, holder, reason);
        var out = spec.commandLine().getOut();
        if (connection.json()) {
            Output.json(out, answer);
        } else {
            out.println(answer.path("released").asBoolean() ? "released " + holder + " from " + name
                    : holder + " held no slot of " + name + "; nothing changed");
        }
        return ExitCodes.OK;
    }
}
