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

@Command(name = "release", mixinStandardHelpOptions = true,
        description = "Give back the holder's slot. Not holding one is fine: it says so and exits 0.",
        footer = {"", ExitCodes.HELP})
public final class LockReleaseCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "NAME", converter = Names.Lock.class, description = "The lock.") String name;
    @Option(names = "--holder", required = true, paramLabel = "HOLDER", converter = Names.Holder.class,
            description = "Whose slot to give back.") String holder;

    @Override
    public Integer call() {
        var answer = connection.client().release(name, holder);
        var out = spec.commandLine().getOut();
        if (connection.json()) {
            Output.json(out, answer.lock());
        } else {
            out.println(answer.released() ? holder + " released its slot of " + name
                    : holder + " held no slot of " + name + "; nothing changed");
        }
        return ExitCodes.OK;
    }
}
