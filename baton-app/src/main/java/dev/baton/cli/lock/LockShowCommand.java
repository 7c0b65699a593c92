package dev.baton.cli.lock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Names;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "show", mixinStandardHelpOptions = true, description = "Show one lock: settings, holders, waiters.",
        footer = {"", ExitCodes.HELP})
public final class LockShowCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "NAME", converter = Names.Lock.class, description = "The lock.") String name;

    @Override
    public Integer call() {
        JsonNode lock = connection.client().show(name);
        var out = spec.commandLine().getOut();
        if (connection.json()) {
            Output.json(out, lock);
            return ExitCodes.OK;
        }
        out.printf("lock:        %s%n", lock.path("name").asText());
        out.printf("slots:       %d (%d free)%n", lock.path("slots").asInt(), lock.path("free").asInt());
        out.printf("state:       %s%n", state(lock));
        out.printf("stale after: %s%n", staleAfter(lock));
        out.printf("lease:       %s%n", lock.path("lease_seconds").isNull() ? "none" : lock.path("lease_seconds").asLong() + " s");
        out.println();
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode h : lock.path("holders")) {
            rows.add(List.of(h.path("holder").asText(), h.path("acquired_at").asText(), h.path("protocol").asText(),
                    h.path("stale").asBoolean() ? "STALE" : ""));
        }
        Output.table(out, List.of("HOLDER", "SINCE", "VIA", ""), rows);
        if (lock.path("waiters").size() > 0) {
            out.println();
            rows.clear();
            for (JsonNode w : lock.path("waiters")) {
                rows.add(List.of(w.path("position").asText(), w.path("holder").asText(), w.path("since").asText()));
            }
            Output.table(out, List.of("#", "WAITING", "SINCE"), rows);
        }
        return ExitCodes.OK;
    }

    /** The stale_after that applies and where it comes from, e.g. "600 s (the lock's own)" or "off (none set)". */
    static String staleAfter(JsonNode lock) {
        JsonNode seconds = lock.path("stale_after_seconds");
        String value = seconds.isNumber() ? seconds.asLong() + " s" : "off";
        return value + switch (lock.path("stale_after_from").asText()) {
            case "lock" -> " (the lock's own)";
            case "server" -> " (the server's --stale-after)";
            default -> " (none set)";
        };
    }

    static String state(JsonNode lock) {
        List<String> parts = new ArrayList<>();
        if (!lock.path("enabled").asBoolean(true)) {
            parts.add("disabled");
        }
        if (lock.path("frozen").asBoolean()) {
            parts.add("frozen (" + lock.path("freeze_reason").asText() + ")");
        }
        if (lock.path("stale").asBoolean()) {
            parts.add("stale");
        }
        return parts.isEmpty() ? "ok" : String.join(", ", parts);
    }

    static String holders(JsonNode lock) {
        List<String> names = new ArrayList<>();
        lock.path("holders").forEach(h -> names.add(h.path("holder").asText()));
        return names.isEmpty() ? "-" : String.join(",", names);
    }
}
