package dev.baton.cli.jump;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import dev.baton.client.JumpClient;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code baton jump runs}: the jump runs, newest first. */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = {"List the jump runs, newest first, with their state and how many hosts are in each state."},
        footer = {"", ExitCodes.HELP})
public final class JumpRunsCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
            description = "Show at most this many runs (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        JsonNode answer = new JumpClient(connection.client()).runs(limit);
        Output.listing(spec.commandLine().getOut(), connection.json(), answer, answer.path("runs"),
                List.of("RUN", "STATE", "HOSTS", "CREATED", "BY"),
                r -> List.of(r.path("name").asText(), r.path("state").asText(), JumpRunsView.line(r)
                                .replaceFirst("^jump run \\S+: \\S+(, )?", ""),
                        Output.text(r.path("created_at")), Output.text(r.path("created_by"))));
        return ExitCodes.OK;
    }
}
