package dev.baton.cli.hosts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code baton progress}: where each host's agent is, from the steps agents report. */
@Command(name = "progress", mixinStandardHelpOptions = true,
        description = {"Show where every host's agent is: the last step it reported (phase, status, script) and its run.",
                "Agents on Baton's own protocol report each step; 'baton hosts show NAME' lists a host's recent steps."},
        footer = {"", ExitCodes.HELP})
public final class ProgressCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        JsonNode answer = connection.client().progress();
        Output.listing(spec.commandLine().getOut(), connection.json(), answer, answer.path("hosts"),
                List.of("HOST", "PHASE", "STATUS", "SCRIPT", "EXIT", "AT", "RUN", "MESSAGE"),
                r -> List.of(r.path("host").asText(), r.path("phase").asText(), r.path("status").asText(), Output.text(r.path("script")),
                        Output.text(r.path("exit_code")), r.path("at").asText(), r.path("run_id").asText(), Output.text(r.path("message"))));
        return ExitCodes.OK;
    }
}
