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

/** {@code baton repo remove-package NAME --package NEVRA}. */
@Command(name = "remove-package", mixinStandardHelpOptions = true,
        description = {"Remove packages (every file of each NEVRA) from a repository as a new version."}, footer = {"", ExitCodes.HELP})
public final class RepoRemovePackageCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "NAME", description = "The repository.") String name;
    @Option(names = "--package", paramLabel = "NEVRA", required = true, description = "A package to remove (repeatable).") List<String> packages;
    @Option(names = "--reason", paramLabel = "TEXT", description = "Why (kept in its history).") String reason;

    @Override
    public Integer call() {
        var body = RepoApi.object().put("reason", reason);
        body.set("packages", RepoApi.array(packages));
        JsonNode change = RepoApi.post(connection.client(), "/" + name + "/remove", body);
        PrintWriter out = spec.commandLine().getOut();
        if (connection.json()) {
            Output.json(out, change);
        } else {
            RepoApi.printChange(out, "remove", change);
        }
        return ExitCodes.OK;
    }
}
