package dev.baton.cli.jump;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import dev.baton.client.JumpClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code baton jump abort RUN}: stops a run. */
@Command(name = "abort", mixinStandardHelpOptions = true,
        description = {"Abort a jump run: no host starts another line (a line running now runs to its end; a host waiting "
                + "for a reboot stops waiting), every host that did not finish is marked aborted, and every slot of "
                + "the run's lock is given back."},
        footer = {"", ExitCodes.HELP})
public final class JumpAbortCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "RUN", description = "The run's name.")
    String run;

    @Override
    public Integer call() {
        JsonNode answer = new JumpClient(connection.client()).abort(run);
        if (connection.json()) {
            Output.json(spec.commandLine().getOut(), answer);
        } else {
            spec.commandLine().getOut().println("asked jump run " + run + " to abort; 'baton jump show " + run
                    + "' shows when it has");
        }
        return ExitCodes.OK;
    }
}
