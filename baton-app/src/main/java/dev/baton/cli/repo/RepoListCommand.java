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

/** {@code baton repo list}. */
@Command(name = "list", mixinStandardHelpOptions = true, description = {"List the repositories."}, footer = {"", ExitCodes.HELP})
public final class RepoListCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        JsonNode answer = RepoApi.get(connection.client(), "");
        Output.listing(spec.commandLine().getOut(), connection.json(), answer, answer.path("repositories"),
                List.of("NAME", "SIGN WITH", "TESTED", "PRODUCTION", "VERSION", "PACKAGES", "PUBLICATION"),
                r -> List.of(r.path("name").asText(), Output.text(r.path("sign_with")),
                        r.path("requires_tested").asBoolean() ? "required" : "", r.path("production").asBoolean() ? "yes" : "",
                        r.path("latest_version").path("number").asText(), r.path("package_count").asText(),
                        Output.text(r.path("publication"))));
        return ExitCodes.OK;
    }
}
