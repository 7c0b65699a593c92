package dev.baton.cli.advisory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code baton advisory list}. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List advisories: the site's and the upstream ones."},
        footer = {"", ExitCodes.HELP})
public final class AdvisoryListCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Option(names = "--type", paramLabel = "TYPE", description = "Only security, bugfix, enhancement or newpackage ones.")
    String type;
    @Option(names = "--severity", paramLabel = "S", description = "Only Critical, Important, Moderate or Low ones.")
    String severity;
    @Option(names = "--origin", paramLabel = "O", description = "Only site ones, upstream ones, or those from the remote named O.")
    String origin;

    @Override
    public Integer call() {
        List<String> query = new ArrayList<>();
        if (type != null) {
            query.add("type=" + AdvisoryApi.encode(type));
        }
        if (severity != null) {
            query.add("severity=" + AdvisoryApi.encode(severity));
        }
        if (origin != null) {
            query.add("origin=" + AdvisoryApi.encode(origin));
        }
        JsonNode answer = AdvisoryApi.list(connection.client(), query.isEmpty() ? "" : "?" + String.join("&", query));
        Output.listing(spec.commandLine().getOut(), connection.json(), answer, answer.path("advisories"),
                List.of("ID", "TYPE", "SEVERITY", "ISSUED", "ORIGIN", "PACKAGES", "TITLE"),
                a -> List.of(a.path("id").asText(), a.path("type").asText(), Output.text(a.path("severity")),
                        a.path("issued").asText().substring(0, Math.min(10, a.path("issued").asText().length())),
                        AdvisoryApi.origin(a), String.valueOf(a.path("packages").size()), a.path("title").asText()));
        return ExitCodes.OK;
    }
}
