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

/** {@code baton repo promote SOURCE TARGET (--package NEVRA|NAME)... (--advisory ID)...}. */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = {"Copy packages of SOURCE's latest version into a new version of TARGET: by name (the newest of that "
                + "name), by NEVRA, or by advisory (its packages SOURCE holds). Refused, naming each package, when one is "
                + "unsigned or test failed and TARGET is signed, or not tested and TARGET requires tested packages."},
        footer = {"", ExitCodes.HELP})
public final class RepoPromoteCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "SOURCE", description = "The repository promoted from.") String source;
    @Parameters(index = "1", paramLabel = "TARGET", description = "The repository promoted into.") String target;
    @Option(names = "--package", paramLabel = "NEVRA|NAME", description = "A package by NEVRA or name (repeatable).") List<String> packages;
    @Option(names = "--advisory", paramLabel = "ID", description = "An advisory's packages (repeatable).") List<String> advisories;
    @Option(names = "--reason", paramLabel = "TEXT", description = "Why (kept in its history).") String reason;

    @Override
    public Integer call() {
        var body = RepoApi.object().put("from", source).put("reason", reason);
        body.set("packages", RepoApi.array(packages == null ? List.of() : packages));
        body.set("advisories", RepoApi.array(advisories == null ? List.of() : advisories));
        JsonNode change = RepoApi.post(connection.client(), "/" + target + "/promote", body);
        PrintWriter out = spec.commandLine().getOut();
        if (connection.json()) {
            Output.json(out, change);
        } else {
            RepoApi.printChange(out, "promote", change);
        }
        return ExitCodes.OK;
    }
}
