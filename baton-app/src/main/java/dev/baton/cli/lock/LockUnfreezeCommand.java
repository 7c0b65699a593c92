package dev.baton.cli.lock;

import dev.baton.cli.ExitCodes;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "unfreeze", mixinStandardHelpOptions = true,
        description = "Allow new grants again on one lock, or lift the fleet freeze with --all (operator).",
        footer = {"", ExitCodes.HELP})
public final class LockUnfreezeCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @ArgGroup(multiplicity = "1") LockFreezeCommand.Target target;

    @Override
    public Integer call() {
        var answer = connection.client().unfreeze(target.all ? null : target.name);
        if (connection.json()) {
            Output.json(spec.commandLine().getOut(), answer);
        } else {
            spec.commandLine().getOut().println((target.all ? "the fleet freeze is lifted" : target.name + " is unfrozen"));
        }
        return ExitCodes.OK;
    }
}
