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

/** {@code baton repo add NAME --from REMOTE | --package NEVRA...}. */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Add packages as a new version: every checked package of a remote that the repository does not hold "
                + "(--from), or packages by NEVRA (--package). In a repository with a signing key each is signed into a "
                + "copy with it (the signer role)."}, footer = {"", ExitCodes.HELP})
public final class RepoAddCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "NAME", description = "The repository.") String name;
    @Option(names = "--from", paramLabel = "REMOTE", description = "Add the remote's checked packages.") String remote;
    @Option(names = "--package", paramLabel = "NEVRA", description = "A package to add (repeatable).") List<String> packages;
    @Option(names = "--reason", paramLabel = "TEXT", description = "Why (kept in its history).") String reason;

    @Override
    public Integer call() {
        if ((remote == null) == (packages == null || packages.isEmpty())) {
            throw new dev.baton.cli.CliException("give either --from REMOTE or --package NEVRA (repeatable)");
        }
        var body = RepoApi.object().put("from", remote).put("reason", reason);
        if (packages != null) {
            body.set("packages", RepoApi.array(packages));
        }
        JsonNode change = RepoApi.post(connection.client(), "/" + name + "/add", body);
        PrintWriter out = spec.commandLine().getOut();
        if (connection.json()) {
            Output.json(out, change);
        } else {
            RepoApi.printChange(out, "add", change);
        }
        return ExitCodes.OK;
    }
}
