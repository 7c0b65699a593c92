package dev.baton.cli.advisory;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.cli.CliException;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import dev.baton.client.BatonClientException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code baton advisory import-csaf FILE|DIR}: Red Hat CSAF 2.0 advisories recorded as upstream ones. */
@Command(name = "import-csaf", mixinStandardHelpOptions = true,
        description = {"Record Red Hat CSAF 2.0 advisories (RHSA, RHBA, RHEA JSON files) as upstream advisories: one file, "
                + "or every *.json file under a directory (Red Hat files them by year). A file that cannot be read is "
                + "named with what is wrong and the others are still imported; the exit code is then 1. An advisory "
                + "imported before is replaced."},
        footer = {"", ExitCodes.HELP})
public final class AdvisoryImportCsafCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "FILE|DIR", description = "A CSAF JSON file, or a directory of them.")
    Path source;
    @Option(names = "--remote", paramLabel = "NAME",
            description = "The remote the advisories are recorded as coming from (default: csaf-import).")
    String remote;

    @Override
    public Integer call() {
        List<Path> files = files();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ObjectNode result = JSON.createObjectNode();
        var imported = result.putArray("imported");
        var problems = result.putArray("problems");
        for (Path file : files) {
            try {
                JsonNode a = AdvisoryApi.importCsaf(connection.client(), JSON.readTree(file.toFile()), remote);
                imported.add(a.path("id").asText());
                if (!connection.json()) {
                    out.println("imported " + a.path("id").asText() + " from " + file);
                }
            } catch (JacksonException e) {
                problems.add(file + ": not valid JSON (" + e.getOriginalMessage() + ")");
            } catch (IOException e) {
                problems.add(file + ": cannot read it: " + e.getMessage());
            } catch (BatonClientException e) {
                if (e.status() == 401 || e.status() == 403 || e.status() >= 500) {
                    throw e; // not about this file: every other one would fail alike
                }
                problems.add(file + ": " + e.getMessage());
            }
        }
        if (connection.json()) {
            Output.json(out, result);
        } else {
            problems.forEach(p -> err.println("baton: " + p.asText()));
            out.println("imported " + imported.size() + " of " + files.size() + " CSAF files");
        }
        return problems.isEmpty() ? ExitCodes.OK : ExitCodes.REFUSED;
    }

    private List<Path> files() {
        if (Files.isRegularFile(source)) {
            return List.of(source);
        }
        if (!Files.isDirectory(source)) {
            throw new CliException(source + " is neither a file nor a directory", ExitCodes.USAGE);
        }
        try (Stream<Path> walk = Files.walk(source)) {
            List<Path> files = walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".json"))
                    .sorted().toList();
            if (files.isEmpty()) {
                throw new CliException("no *.json files under " + source, ExitCodes.USAGE);
            }
            return files;
        } catch (IOException e) {
            throw new CliException("cannot read the directory " + source + ": " + e.getMessage(), ExitCodes.USAGE);
        }
    }
}
