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

/** {@code baton repo create NAME}: a new repository, empty at version 1. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Create a repository (its version 1 is empty)."}, footer = {"", ExitCodes.HELP})
public final class RepoCreateCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "NAME", description = "Letters, digits, '.', '_', '-' (it is a URL path segment).") String name;
    @Option(names = "--sign-with", paramLabel = "KEY", description = "Hold only packages signed with this site key (adding signs them).") String signWith;
    @Option(names = "--requires-tested", description = "Take a promoted package only when it is marked tested in its source.") boolean requiresTested;
    @Option(names = "--keep", paramLabel = "N", description = "Publications kept besides the live one (default 3).") Integer keep;
    @Option(names = "--production", description = "The end of the road: packages arriving here are good.") boolean production;
    @Option(names = "--description", paramLabel = "TEXT", description = "What the repository is for (shown by repo show).") String description;
    @Option(names = "--reason", paramLabel = "TEXT", description = "Why (kept in its history).") String reason;

    @Override
    public Integer call() {
        var body = RepoApi.object().put("name", name).put("sign_with", signWith).put("requires_tested", requiresTested)
                .put("production", production).put("description", description).put("reason", reason);
        if (keep != null) {
            body.put("keep_publications", keep);
        }
        JsonNode created = RepoApi.post(connection.client(), "", body);
        PrintWriter out = spec.commandLine().getOut();
        if (connection.json()) {
            Output.json(out, created);
        } else {
            out.println("created repository " + name + (signWith == null ? " (unsigned)" : " (signed with " + signWith + ")")
                    + (requiresTested ? ", requires tested packages" : "") + (production ? ", production" : ""));
        }
        return ExitCodes.OK;
    }
}
