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

/** {@code baton package mark-tested NEVRA --repository R}. */
@Command(name = "mark-tested", mixinStandardHelpOptions = true,
        description = {"Mark a package tested in a repository that holds it (the tester role): it may then be promoted into a repository that requires tested packages."}, footer = {"", ExitCodes.HELP})
public final class PackageMarkTestedCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "NEVRA") String nevra;
    @Option(names = "--repository", paramLabel = "REPO", required = true) String repository;
    @Option(names = "--comment", paramLabel = "TEXT", required = false, description = "What was tested, or what failed.") String comment;

    @Override
    public Integer call() {
        var body = JsonNodeFactory.instance.objectNode().put("repository", repository).put("comment", comment);
        JsonNode marked = PackageApi.post(connection.client(), "/" + PackageApi.encode(nevra) + "/mark-tested", body);
        PrintWriter out = spec.commandLine().getOut();
        if (connection.json()) {
            Output.json(out, marked);
        } else {
            out.println(nevra + " is " + marked.path("state").asText() + " in " + repository);
        }
        return ExitCodes.OK;
    }
}
