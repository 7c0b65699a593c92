package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "events", mixinStandardHelpOptions = true,
        description = "The history of one lock, or of the whole fleet without NAME, newest first.",
        footer = {"", ExitCodes.HELP})
public final class LockEventsCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "NAME", arity = "0..1") String name;
    @Option(names = "--limit", defaultValue = "50", description = "How many (default: ${DEFAULT-VALUE}, at most 1000).") int limit;
    @Option(names = "--before", paramLabel = "ID", description = "Only events older than this id (the next page).") Long before;

    @Override
    public Integer call() {
        JsonNode page = connection.client().events(name, before, limit);
        var out = spec.commandLine().getOut();
        if (connection.json) {
            Output.json(out, page);
            return ExitCodes.OK;
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode e : page.path("events")) {
            rows.add(List.of(e.path("id").asText(), e.path("at").asText(), Output.text(e.path("lock")), e.path("type").asText(),
                    Output.text(e.path("holder")), e.path("actor").asText(), e.path("protocol").asText(), Output.text(e.path("reason"))));
        }
        Output.table(out, List.of("ID", "AT", "LOCK", "EVENT", "HOLDER", "ACTOR", "VIA", "REASON"), rows);
        if (!page.path("next_before").isNull()) {
            out.println("(more: --before " + page.path("next_before").asText() + ")");
        }
        return ExitCodes.OK;
    }
}
