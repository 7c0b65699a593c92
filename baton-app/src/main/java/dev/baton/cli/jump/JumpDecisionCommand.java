package dev.baton.cli.jump;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import dev.baton.client.JumpClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** What {@code baton jump retry} and {@code baton jump skip} share: an operator's decision for one host of a run. */
abstract class JumpDecisionCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "RUN", description = "The run's name.")
    String run;
    @Parameters(index = "1", paramLabel = "HOST", description = "The host's name in the run.")
    String host;

    /** The decision's word ("retry", "skip"). */
    abstract String decision();

    /** Sends the decision; answers the host. */
    abstract JsonNode send(JumpClient jump);

    @Override
    public Integer call() {
        JsonNode answer = send(new JumpClient(connection.client()));
        if (connection.json()) {
            Output.json(spec.commandLine().getOut(), answer);
        } else {
            spec.commandLine().getOut().println("asked jump run " + run + " to " + decision() + " the line host " + host
                    + " stopped at (line " + answer.path("line").asInt() + ")");
        }
        return ExitCodes.OK;
    }
}
