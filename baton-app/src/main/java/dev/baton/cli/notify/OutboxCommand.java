package dev.baton.cli.notify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.CliException;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code baton notify outbox}: what was sent, what waits, what was given up. */
@Command(name = "outbox", mixinStandardHelpOptions = true,
        description = {"Show the notification outbox, newest first: pending (waiting to be sent or retried), sent, and dead "
                + "(given up after the last try; --retry ID sends one again)."},
        footer = {"", ExitCodes.HELP})
public final class OutboxCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Option(names = "--failed", description = "Only the dead letters.") boolean failed;
    @Option(names = "--state", paramLabel = "STATE", description = "Only pending, sent or dead.") String state;
    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N entries (default: ${DEFAULT-VALUE}).") int limit;
    @Option(names = "--retry", paramLabel = "ID", description = "Send the dead letter ID again, from its first try.") Long retry;

    @Override
    public Integer call() {
        if (retry != null) {
            NotifyApi.post(connection.client(), "outbox/" + retry + "/retry", new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode());
            spec.commandLine().getOut().println("dead letter " + retry + " will be sent again");
            return ExitCodes.OK;
        }
        if (failed && state != null && !state.equals("dead")) {
            throw new CliException("--failed shows the dead letters; leave out --state " + state);
        }
        String which = failed ? "dead" : state;
        JsonNode answer = NotifyApi.get(connection.client(), "outbox?limit=" + limit + (which == null ? "" : "&state=" + which));
        var out = spec.commandLine().getOut();
        Output.listing(out, connection.json(), answer, answer.path("entries"),
                List.of("ID", "STATE", "KIND", "SUBJECT", "TRIES", "WHEN", "ERROR"),
                e -> List.of(e.path("id").asText(), e.path("state").asText(), e.path("kind").asText(), Output.text(e.path("subject")),
                        e.path("attempts").asText(), Output.text(e.path("state").asText().equals("sent") ? e.path("sent_at") : e.path("created_at")),
                        Output.text(e.path("last_error"))));
        if (!connection.json()) {
            JsonNode c = answer.path("counts");
            out.println();
            out.println("pending " + c.path("pending").asLong() + ", sent " + c.path("sent").asLong() + ", dead " + c.path("dead").asLong());
        }
        return ExitCodes.OK;
    }
}
