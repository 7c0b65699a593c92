package dev.baton.cli.advisory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code baton advisory show ID}. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Show one advisory with its references and packages."},
        footer = {"", ExitCodes.HELP})
public final class AdvisoryShowCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "ID", description = "The advisory's id, e.g. SITE-SA:2026:0001.") String id;

    @Override
    public Integer call() {
        JsonNode a = AdvisoryApi.show(connection.client(), id);
        PrintWriter out = spec.commandLine().getOut();
        if (connection.json()) {
            Output.json(out, a);
            return ExitCodes.OK;
        }
        out.println(AdvisoryApi.line(a));
        out.println("issued " + a.path("issued").asText() + ", updated " + a.path("updated").asText()
                + (a.path("from").isTextual() ? ", from " + a.path("from").asText() : ""));
        if (!a.path("summary").asText("").isEmpty()) {
            out.println();
            out.println(a.path("summary").asText());
        }
        if (!a.path("description").asText("").isEmpty()) {
            out.println();
            out.println(a.path("description").asText());
        }
        out.println();
        for (JsonNode r : a.path("references")) {
            out.println("reference " + r.path("type").asText() + " " + r.path("id").asText()
                    + (r.path("href").isTextual() && !r.path("href").asText().equals(r.path("id").asText())
                    ? " " + r.path("href").asText() : ""));
        }
        for (JsonNode p : a.path("packages")) {
            out.println("package " + p.path("nevra").asText() + (p.path("reboot_suggested").asBoolean() ? " (reboot suggested)" : ""));
        }
        return ExitCodes.OK;
    }
}
