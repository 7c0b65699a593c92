package dev.baton.cli.repo;

import com.fasterxml.jackson.databind.JsonNode;
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

/** {@code baton repo show NAME}. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Show a repository: its settings, latest version and live publication."}, footer = {"", ExitCodes.HELP})
public final class RepoShowCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "NAME", description = "The repository.") String name;

    @Override
    public Integer call() {
        JsonNode r = RepoApi.get(connection.client(), "/" + name);
        PrintWriter out = spec.commandLine().getOut();
        if (connection.json()) {
            Output.json(out, r);
            return ExitCodes.OK;
        }
        JsonNode v = r.path("latest_version");
        out.println(r.path("name").asText() + (r.path("description").asText().isEmpty() ? "" : ": " + r.path("description").asText()));
        out.println("  sign with: " + (Output.text(r.path("sign_with")).isEmpty() ? "(unsigned)" : r.path("sign_with").asText()));
        out.println("  requires tested: " + r.path("requires_tested").asBoolean() + ", production: " + r.path("production").asBoolean()
                + ", keeps " + r.path("keep_publications").asInt() + " publications");
        out.println("  version " + v.path("number").asInt() + " (" + r.path("package_count").asInt() + " packages) by "
                + v.path("actor").asText() + " at " + v.path("created_at").asText() + ": " + v.path("reason").asText());
        out.println("  publication: " + (Output.text(r.path("publication")).isEmpty() ? "none yet" : r.path("publication").asText()));
        return ExitCodes.OK;
    }
}
