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

@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List every host that is registered, called through any door, or reported progress.",
                "REGISTERED says which are in the registry; AGENT is the last step its agent reported."},
        footer = {"", ExitCodes.HELP})
public final class HostsListCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        JsonNode answer = connection.client().hosts();
        Output.listing(spec.commandLine().getOut(), connection.json(), answer, answer.path("hosts"),
                List.of("HOST", "REGISTERED", "ALIASES", "MAY LOCK", "LAST CHECK-IN", "AGENT"), h -> {
                    boolean registered = h.path("registered").asBoolean(true);
                    return List.of(h.path("name").asText(), registered ? "yes" : "no", Output.joined(h.path("aliases")),
                            !registered ? "-" : h.path("can_acquire_update_locks").asBoolean(true) ? "yes" : "NO",
                            checkIn(h), Steps.summary(h.path("last_report")));
                });
        return ExitCodes.OK;
    }

    static String checkIn(JsonNode h) {
        return Output.text(h.path("last_check_in")) + (h.path("last_protocol").isTextual() ? " (" + h.path("last_protocol").asText() + ")" : "");
    }
}
