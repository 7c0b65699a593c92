package dev.baton.cli.lock;

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

@Command(name = "set-slots", mixinStandardHelpOptions = true,
        description = {"Set how many holders a lock allows at once (operator); creates the lock if needed.",
                "Applies to the next decision; lowering it evicts nobody. With 0 the lock grants nothing until its slots "
                        + "are raised again: a way to hold a group back."},
        footer = {"", ExitCodes.HELP})
public final class LockSetSlotsCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "NAME", converter = Names.Lock.class, description = "The lock.") String name;
    @Parameters(index = "1", paramLabel = "N", description = "How many holders at once, 0 or more.") int slots;

    @Override
    public Integer call() {
        var lock = connection.client().setSlots(name, slots);
        var out = spec.commandLine().getOut();
        if (connection.json()) {
            Output.json(out, lock);
        } else {
            out.printf("%s now has %d slot(s); %d held%n", name, lock.path("slots").asInt(), lock.path("holders").size());
        }
        if (lock.path("slots").asInt(slots) == 0) {
            spec.commandLine().getErr().println("baton: warning: " + name + " now grants nothing: every acquire waits or is refused "
                    + "until its slots are raised (baton lock set-slots " + name + " N)");
        }
        return ExitCodes.OK;
    }
}
