package dev.baton.cli.pkg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code baton package show NEVRA}: its whole life. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Show a package's whole life: its files (the original and signed copies), its state of its own and in "
                + "each repository, and every state change with who and why."}, footer = {"", ExitCodes.HELP})
public final class PackageShowCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "NEVRA", description = "The package: name-[epoch:]version-release.arch.") String nevra;

    @Override
    public Integer call() {
        JsonNode life = PackageApi.get(connection.client(), "/" + PackageApi.encode(nevra));
        PrintWriter out = spec.commandLine().getOut();
        if (connection.json()) {
            Output.json(out, life);
            return ExitCodes.OK;
        }
        out.println(life.path("nevra").asText());
        out.println("files:");
        for (JsonNode f : life.path("files")) {
            String key = Output.text(f.path("signed_by_key_id"));
            out.println("  " + f.path("id").asText() + " " + f.path("origin").asText() + " " + f.path("sha256").asText()
                    + " " + f.path("size").asText() + " bytes" + (key.isEmpty() ? "" : ", signed with key " + key)
                    + (Output.text(f.path("remote")).isEmpty() ? "" : ", from " + f.path("remote").asText()));
        }
        out.println("states:");
        for (JsonNode s : life.path("states")) {
            out.println("  file " + s.path("package_id").asText() + " " + (Output.text(s.path("repository")).isEmpty()
                    ? "(own)" : "in " + s.path("repository").asText()) + ": " + s.path("state").asText());
        }
        out.println("history:");
        for (JsonNode e : life.path("events")) {
            out.println("  " + e.path("at").asText() + " file " + e.path("package_id").asText() + " "
                    + (Output.text(e.path("repository")).isEmpty() ? "" : e.path("repository").asText() + " ")
                    + e.path("state").asText() + " by " + e.path("actor").asText() + ": " + e.path("reason").asText());
        }
        return ExitCodes.OK;
    }
}
