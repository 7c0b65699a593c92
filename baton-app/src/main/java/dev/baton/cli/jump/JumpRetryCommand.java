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

/** {@code baton jump retry RUN HOST}: an operator's decision for a host that waits for one. */
@Command(name = "retry", mixinStandardHelpOptions = true,
        description = {"Run the line a failed or interrupted host stopped at again, in the slot it kept (for a host refused by its pre-checks: run them again when its turn comes). The run acts on it within a second; see 'baton jump show RUN HOST' for the host's log first."},
        footer = {"", ExitCodes.HELP})
public final class JumpRetryCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "RUN", description = "The run's name.")
    String run;
    @Parameters(index = "1", paramLabel = "HOST", description = "The host's name in the run.")
    String host;

    @Override
    public Integer call() {
        JsonNode answer = new JumpClient(connection.client()).retry(run, host);
        if (connection.json()) {
            Output.json(spec.commandLine().getOut(), answer);
        } else {
            spec.commandLine().getOut().println("asked jump run " + run + " to retry the line host " + host
                    + " stopped at (line " + answer.path("line").asInt() + ")");
        }
        return ExitCodes.OK;
    }
}
