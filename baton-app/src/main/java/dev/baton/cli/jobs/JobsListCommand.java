package dev.baton.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code baton jobs list}: jobs, newest first. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List jobs, newest first, with their state and progress."},
        footer = {"", ExitCodes.HELP})
public final class JobsListCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Option(names = "--kind", paramLabel = "K", description = "Only jobs of this kind (sync, publish).") String kind;
    @Option(names = "--state", paramLabel = "S", description = "Only jobs in this state: queued, running, succeeded, failed, cancelled.")
    String state;
    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N jobs, 1 to 1000 (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        String query = "?limit=" + limit + (kind == null ? "" : "&kind=" + encode(kind)) + (state == null ? "" : "&state=" + encode(state));
        JsonNode answer = JobsApi.get(connection.client(), query);
        Output.listing(spec.commandLine().getOut(), connection.json(), answer, answer.path("jobs"),
                List.of("ID", "KIND", "SUBJECT", "STATE", "PROGRESS", "ACTOR", "CREATED", "ERROR"),
                j -> List.of(j.path("id").asText(), j.path("kind").asText(), j.path("subject").asText(), j.path("state").asText(),
                        JobsApi.progress(j), j.path("actor").asText(), Output.text(j.path("created_at")), Output.text(j.path("error"))));
        return ExitCodes.OK;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
