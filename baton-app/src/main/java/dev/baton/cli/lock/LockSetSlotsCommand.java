package dev.baton.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "set-slots", mixinStandardHelpOptions = true,
        description = {"Set how many holders a lock allows at once (operator); creates the lock if needed.",
                "Applies to the next decision; lowering it evicts nobody."},
        footer = {"", ExitCodes.HELP})
public final class LockSetSlotsCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "NAME") String name;
    @Parameters(index = "1", paramLabel = "N") int slots;

    @Override
    public Integer call() {
        var lock = connection.client().setSlots(name, slots);
        var out = spec.commandLine().getOut();
        if (connection.json) {
            Output.json(out, lock);
        } else {
            out.printf("%s now has %d slot(s); %d held%n", name, lock.path("slots").asInt(), lock.path("holders").size());
        }
        return ExitCodes.OK;
    }
}
