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

/** {@code baton repo diff NAME A B}. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"What version B holds that version A does not (+) and the other way round (-)."}, footer = {"", ExitCodes.HELP})
public final class RepoDiffCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "NAME", description = "The repository.") String name;
    @Parameters(index = "1", paramLabel = "A", description = "The older version.") int from;
    @Parameters(index = "2", paramLabel = "B", description = "The newer version.") int to;

    @Override
    public Integer call() {
        JsonNode diff = RepoApi.get(connection.client(), "/" + name + "/diff?from=" + from + "&to=" + to);
        PrintWriter out = spec.commandLine().getOut();
        if (connection.json()) {
            Output.json(out, diff);
            return ExitCodes.OK;
        }
        out.println(name + " version " + from + " -> " + to + ": " + diff.path("added").size() + " added, "
                + diff.path("removed").size() + " removed");
        diff.path("added").forEach(f -> out.println("  + " + RepoApi.file(f)));
        diff.path("removed").forEach(f -> out.println("  - " + RepoApi.file(f)));
        return ExitCodes.OK;
    }
}
