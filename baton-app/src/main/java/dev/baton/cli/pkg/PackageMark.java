package dev.baton.cli.pkg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** What {@code package mark-tested} and {@code mark-failed} share: the package, its repository, the call. */
abstract class PackageMark implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "NEVRA", description = "The package, as name-version-release.arch.") String nevra;
    @Option(names = "--repository", paramLabel = "REPO", description = "The repository it was tested in (default: the one "
            + "testing, not production, repository that holds it).") String repository;

    /** The comment given, or null. */
    abstract String comment();

    /** {@code mark-tested} or {@code mark-failed}. */
    abstract String action();

    @Override
    public Integer call() {
        var body = JsonNodeFactory.instance.objectNode().put("repository", repository).put("comment", comment());
        JsonNode marked = PackageApi.post(connection.client(), "/" + PackageApi.encode(nevra) + "/" + action(), body);
        PrintWriter out = spec.commandLine().getOut();
        if (connection.json()) {
            Output.json(out, marked);
        } else {
            out.println(nevra + " is " + marked.path("state").asText() + " in " + marked.path("repository").asText());
        }
        return ExitCodes.OK;
    }
}
