package dev.baton.cli.repo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.cli.CliException;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code baton repo add NAME --from REMOTE | --package NEVRA... | --file RPM...}. */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Add packages as a new version: every checked package of a remote that the repository does not hold "
                + "(--from), packages by NEVRA (--package), or package files built elsewhere (--file: each is uploaded and "
                + "checked like a mirrored one, unsigned or signed by one of the site's keys; if one fails its checks, "
                + "nothing is added). In a repository with a signing key each is signed into a copy with it (the signer "
                + "role)."}, footer = {"", ExitCodes.HELP})
public final class RepoAddCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "NAME", description = "The repository.") String name;
    @Option(names = "--from", paramLabel = "REMOTE", description = "Add the remote's checked packages.") String remote;
    @Option(names = "--package", paramLabel = "NEVRA", description = "A package to add (repeatable).") List<String> packages;
    @Option(names = "--file", paramLabel = "RPM", description = "A package file to upload and add (repeatable).")
    List<Path> files;
    @Option(names = "--reason", paramLabel = "TEXT", description = "Why (kept in its history).") String reason;

    @Override
    public Integer call() {
        int given = (remote == null ? 0 : 1) + (packages == null || packages.isEmpty() ? 0 : 1)
                + (files == null || files.isEmpty() ? 0 : 1);
        if (given != 1) {
            throw new CliException("give one of --from REMOTE, --package NEVRA (repeatable) or --file RPM (repeatable)");
        }
        PrintWriter out = spec.commandLine().getOut();
        ArrayNode uploaded = RepoApi.array(List.of());
        List<String> nevras = packages == null ? new ArrayList<>() : new ArrayList<>(packages);
        if (files != null) {
            upload(uploaded, nevras);
        }
        var body = RepoApi.object().put("from", remote).put("reason", reason);
        if (!nevras.isEmpty()) {
            body.set("packages", RepoApi.array(nevras));
        }
        JsonNode change = RepoApi.post(connection.client(), "/" + name + "/add", body);
        if (connection.json()) {
            ObjectNode answer = change.deepCopy();
            if (files != null) {
                answer.set("uploaded", uploaded);
            }
            Output.json(out, answer);
        } else {
            RepoApi.printChange(out, "add", change);
        }
        return ExitCodes.OK;
    }

    /** Uploads every file; refuses (adding nothing) when one failed its checks, naming each and why. */
    private void upload(ArrayNode uploaded, List<String> nevras) {
        for (Path file : files) {
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new CliException("cannot read " + file + ": no such file (give the path of a built .rpm)");
            }
        }
        List<String> failed = new ArrayList<>();
        for (Path file : files) {
            JsonNode answer = RepoApi.upload(connection.client(), file);
            uploaded.add(answer);
            nevras.add(answer.path("nevra").asText());
            if ("TEST_FAILED".equals(answer.path("state").asText())) {
                failed.add(file + ": " + answer.path("nevra").asText() + " failed its checks: " + answer.path("reason").asText());
            }
        }
        if (!failed.isEmpty()) {
            throw new CliException(String.join("\n", failed) + "\nnothing was added to " + name + " ("
                    + "./baton package show NEVRA shows a package's life)", ExitCodes.REFUSED);
        }
    }
}
