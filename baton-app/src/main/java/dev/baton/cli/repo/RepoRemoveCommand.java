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

/** {@code baton repo remove NAME}. */
@Command(name = "remove", mixinStandardHelpOptions = true,
        description = {"Remove a repository with its versions (the package files stay, as other repositories may hold them)."},
        footer = {"", ExitCodes.HELP})
public final class RepoRemoveCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "NAME", description = "The repository.") String name;

    @Override
    public Integer call() {
        JsonNode removed = RepoApi.delete(connection.client(), "/" + name);
        PrintWriter out = spec.commandLine().getOut();
        if (connection.json()) {
            Output.json(out, removed);
        } else {
            out.println("removed repository " + name);
        }
        return ExitCodes.OK;
    }
}
