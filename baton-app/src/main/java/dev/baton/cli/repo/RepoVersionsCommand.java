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

/** {@code baton repo versions NAME}. */
@Command(name = "versions", mixinStandardHelpOptions = true,
        description = {"List a repository's versions, oldest first, with who made each and why."}, footer = {"", ExitCodes.HELP})
public final class RepoVersionsCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "NAME", description = "The repository.") String name;

    @Override
    public Integer call() {
        JsonNode answer = RepoApi.get(connection.client(), "/" + name + "/versions");
        Output.listing(spec.commandLine().getOut(), connection.json(), answer, answer.path("versions"),
                List.of("VERSION", "PACKAGES", "AT", "BY", "REASON"),
                v -> List.of(v.path("number").asText(), v.path("package_count").asText(), v.path("created_at").asText(),
                        v.path("actor").asText(), v.path("reason").asText()));
        return ExitCodes.OK;
    }
}
