package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "list", mixinStandardHelpOptions = true, description = "List known hosts.", footer = {"", ExitCodes.HELP})
public final class HostsListCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        JsonNode answer = connection.client().hosts();
        var out = spec.commandLine().getOut();
        if (connection.json) {
            Output.json(out, answer);
            return ExitCodes.OK;
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode h : answer.path("hosts")) {
            List<String> aliases = new ArrayList<>();
            h.path("aliases").forEach(a -> aliases.add(a.asText()));
            rows.add(List.of(h.path("name").asText(), aliases.isEmpty() ? "-" : String.join(",", aliases),
                    h.path("can_acquire_update_locks").asBoolean(true) ? "yes" : "NO",
                    Output.text(h.path("last_check_in")) + (h.path("last_protocol").isTextual() ? " (" + h.path("last_protocol").asText() + ")" : "")));
        }
        Output.table(out, List.of("HOST", "ALIASES", "MAY LOCK", "LAST CHECK-IN"), rows);
        return ExitCodes.OK;
    }
}
