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

/** {@code baton package list [--state S] [--repository R]}. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List package files: all, of a name, in a state (of their own or in any repository), or those a "
                + "repository's latest version holds."}, footer = {"", ExitCodes.HELP})
public final class PackageListCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Option(names = "--name", paramLabel = "NAME", description = "Only packages of this name.") String name;
    @Option(names = "--state", paramLabel = "STATE", description = "waiting, test_failed, unsigned, signed_untested, tested, good, ...") String state;
    @Option(names = "--repository", paramLabel = "REPO", description = "The repository.") String repository;

    @Override
    public Integer call() {
        StringBuilder query = new StringBuilder("?");
        if (name != null) {
            query.append("name=").append(PackageApi.encode(name)).append("&");
        }
        if (state != null) {
            query.append("state=").append(PackageApi.encode(state)).append("&");
        }
        if (repository != null) {
            query.append("repository=").append(PackageApi.encode(repository)).append("&");
        }
        JsonNode answer = PackageApi.get(connection.client(), query.substring(0, query.length() - 1));
        Output.listing(spec.commandLine().getOut(), connection.json(), answer, answer.path("packages"),
                List.of("ID", "NEVRA", "ORIGIN", "SHA256", "KEY"),
                f -> List.of(f.path("id").asText(), f.path("nevra").asText(), f.path("origin").asText(),
                        f.path("sha256").asText().substring(0, 12), Output.text(f.path("signed_by_key_id"))));
        return ExitCodes.OK;
    }
}
