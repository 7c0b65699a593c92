package dev.baton.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "release", mixinStandardHelpOptions = true,
        description = "Give back the holder's slot. Not holding one is fine: it says so and exits 0.",
        footer = {"", ExitCodes.HELP})
public final class LockReleaseCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "NAME") String name;
    @Option(names = "--holder", required = true, paramLabel = "HOLDER") String holder;

    @Override
    public Integer call() {
        var answer = connection.client().release(name, holder);
        var out = spec.commandLine().getOut();
        if (connection.json) {
            Output.json(out, answer.lock());
        } else {
            out.println(answer.released() ? holder + " released its slot of " + name
                    : holder + " held no slot of " + name + "; nothing changed");
        }
        return ExitCodes.OK;
    }
}
