package dev.baton.cli.hosts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Names;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import dev.baton.client.BatonClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Show one host: registered or not, its last check-in (and the last per door), and the steps its agent reported lately, "
                + "newest first (its current phase and its last run)."},
        footer = {"", ExitCodes.HELP})
public final class HostsShowCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "NAME", converter = Names.Host.class, description = "The host's name or alias.") String name;
    @Option(names = "--steps", paramLabel = "N", defaultValue = "20",
            description = "How many reported steps to show, 1 to 1000 (default: ${DEFAULT-VALUE}).") int steps;

    @Override
    public Integer call() {
        BatonClient client = connection.client();
        JsonNode host = client.host(name);
        JsonNode last = host.path("last_report");
        JsonNode reports = last.isObject() ? client.reports(last.path("host").asText(), steps).path("reports")
                : JsonNodeFactory.instance.arrayNode();
        var out = spec.commandLine().getOut();
        if (connection.json()) {
            ObjectNode both = host.deepCopy();
            both.set("reports", reports);
            Output.json(out, both);
            return ExitCodes.OK;
        }
        boolean registered = host.path("registered").asBoolean(true);
        out.printf("host:        %s%n", host.path("name").asText());
        out.printf("registered:  %s%n", registered ? "yes" + (host.path("aliases").isEmpty() ? "" : ", aliases " + Output.joined(host.path("aliases")))
                : "no (seen calling or reporting)");
        if (registered) {
            out.printf("may lock:    %s%n", host.path("can_acquire_update_locks").asBoolean(true) ? "yes" : "no (denied)");
        }
        out.printf("check-in:    %s%n", HostsListCommand.checkIn(host));
        List<String> doors = new ArrayList<>();
        host.path("check_ins").properties().forEach(e -> doors.add(e.getKey() + " " + e.getValue().asText()));
        if (!doors.isEmpty()) {
            out.printf("per door:    %s%n", String.join(", ", doors));
        }
        out.printf("agent:       %s%n", Steps.summary(last) + (last.isObject() ? ", run " + last.path("run_id").asText() : ""));
        if (!reports.isEmpty()) {
            out.println();
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode r : reports) {
                rows.add(List.of(r.path("at").asText(), r.path("run_id").asText(), r.path("phase").asText(), Output.text(r.path("script")),
                        r.path("status").asText(), Output.text(r.path("exit_code")), Output.text(r.path("message"))));
            }
            Output.table(out, List.of("AT", "RUN", "PHASE", "SCRIPT", "STATUS", "EXIT", "MESSAGE"), rows);
        }
        return ExitCodes.OK;
    }
}
