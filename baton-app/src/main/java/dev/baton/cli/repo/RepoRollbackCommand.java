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

/** {@code baton repo rollback NAME N --reason R}. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Make a new version equal to version N (checked as any change is) and publish it."}, footer = {"", ExitCodes.HELP})
public final class RepoRollbackCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "NAME", description = "The repository.") String name;
    @Parameters(index = "1", paramLabel = "N", description = "The version to roll back to.") int version;
    @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why (kept in its history).") String reason;

    @Override
    public Integer call() {
        JsonNode made = RepoApi.post(connection.client(), "/" + name + "/rollback",
                RepoApi.object().put("version", version).put("reason", reason));
        PrintWriter out = spec.commandLine().getOut();
        if (connection.json()) {
            Output.json(out, made);
        } else {
            out.println(name + " version " + made.path("number").asInt() + " (" + made.path("package_count").asInt()
                    + " packages) equals version " + version);
        }
        return ExitCodes.OK;
    }
}
