package dev.baton.cli.lock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Names;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import dev.baton.client.BatonClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "events", mixinStandardHelpOptions = true,
        description = {"The history of one lock, or of the whole fleet without NAME, newest first.",
            "Filters narrow it down; all given must match. For a CSV export of a whole filtered range, ask the API: "
                    + "GET /api/v3/events?format=csv&... (see docs/operations.md)."},
        footer = {"", ExitCodes.HELP})
public final class LockEventsCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "NAME", arity = "0..1", converter = Names.Lock.class,
            description = "The lock; without it, every lock's events.") String name;
    @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
            description = "How many events, 1 to 1000 (default: ${DEFAULT-VALUE}).") int limit;
    @Option(names = "--before", paramLabel = "ID", description = "Only events older than this id (the next page).") Long before;
    @Option(names = "--type", paramLabel = "TYPE", split = ",",
            description = "Only these event types (repeat or separate with commas): create, acquire, release, refuse, "
                    + "force_release, expire, stale, slots, settings, enable, disable, freeze, unfreeze.") List<String> types;
    @Option(names = "--holder", paramLabel = "HOLDER", description = "Only events about this holder.") String holder;
    @Option(names = "--protocol", paramLabel = "DOOR",
            description = "Only events that came through this door: native, foreman, dlm_v1, dlm_v2, fleetlock, cli, system.") String protocol;
    @Option(names = "--from", paramLabel = "TIME", description = "Only events at or after this time (ISO-8601 UTC, e.g. 2026-12-01T00:00:00Z).") String from;
    @Option(names = "--to", paramLabel = "TIME", description = "Only events before this time (ISO-8601 UTC).") String to;

    @Override
    public Integer call() {
        BatonClient client = connection.client();
        Map<String, String> filters = new HashMap<>();
        filters.put("type", types == null ? null : String.join(",", types));
        filters.put("holder", holder);
        filters.put("protocol", protocol);
        filters.put("from", from);
        filters.put("to", to);
        JsonNode page = client.events(name, filters, before, limit);
        if (name != null && page.path("events").isEmpty() && before == null) {
            // A server that answers an unknown lock with an empty page: the lock's own 404 says what is wrong.
            client.show(name);
        }
        var out = spec.commandLine().getOut();
        Output.listing(out, connection.json(), page, page.path("events"), List.of("ID", "AT", "LOCK", "EVENT", "HOLDER", "ACTOR", "VIA", "REASON"),
                e -> List.of(e.path("id").asText(), e.path("at").asText(), Output.text(e.path("lock")), e.path("type").asText(),
                        Output.text(e.path("holder")), e.path("actor").asText(), e.path("protocol").asText(), Output.text(e.path("reason"))));
        if (!connection.json() && !page.path("next_before").isNull() && !page.path("next_before").isMissingNode()) {
            out.println("(more: --before " + page.path("next_before").asText() + ")");
        }
        return ExitCodes.OK;
    }
}
