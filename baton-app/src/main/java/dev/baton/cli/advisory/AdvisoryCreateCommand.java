package dev.baton.cli.advisory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.cli.CliException;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code baton advisory create}: a site advisory, given the next id. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Create a site advisory. The server gives it the next id of the year (PREFIX:YEAR:NUMBER) and "
                + "prints it. It is published in every repository version that holds one of its packages."},
        footer = {"", "Example:", "  baton advisory create --type security --severity Important \\",
                "    --title 'Important: hello security update' --cve CVE-2026-0001 \\",
                "    --package hello-1.1-1.noarch", "", ExitCodes.HELP})
public final class AdvisoryCreateCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Option(names = "--type", required = true, paramLabel = "TYPE", description = "security, bugfix, enhancement or newpackage.")
    String type;
    @Option(names = "--severity", paramLabel = "S", description = "Critical, Important, Moderate or Low (security advisories).")
    String severity;
    @Option(names = "--title", required = true, paramLabel = "T", description = "One line, at most 200 characters.")
    String title;
    @Option(names = "--summary", paramLabel = "S", description = "A short paragraph.")
    String summary;
    @ArgGroup(exclusive = true)
    Description description;
    @Option(names = "--issued", paramLabel = "DATE", description = "YYYY-MM-DD or YYYY-MM-DD HH:MM:SS (UTC); default: now.")
    String issued;
    @Option(names = "--cve", paramLabel = "CVE", description = "A CVE it fixes, e.g. CVE-2026-0001; repeatable.")
    List<String> cves;
    @Option(names = "--reference", paramLabel = "URL", description = "A link with more, e.g. a bug tracker's; repeatable.")
    List<String> references;
    @Option(names = "--package", required = true, paramLabel = "NEVRA",
            description = "A package that fixes it, name-[epoch:]version-release.arch, e.g. hello-1.1-1.noarch; repeatable.")
    List<String> packages;
    @Option(names = "--reboot-suggested", description = "Installing its packages calls for a reboot (a kernel, glibc).")
    boolean rebootSuggested;

    /** The description, given inline or read from a file. */
    static final class Description {
        @Option(names = "--description", paramLabel = "D", description = "The details.") String text;
        @Option(names = "--description-file", paramLabel = "FILE", description = "Read the details from FILE (UTF-8).") Path file;
    }

    @Override
    public Integer call() {
        ObjectNode draft = JSON.createObjectNode().put("type", type).put("severity", severity).put("title", title)
                .put("summary", summary).put("description", description()).put("issued", issued)
                .put("reboot_suggested", rebootSuggested);
        (cves == null ? List.<String>of() : cves).forEach(draft.putArray("cves")::add);
        (references == null ? List.<String>of() : references).forEach(draft.putArray("references")::add);
        packages.forEach(draft.putArray("packages")::add);
        var created = AdvisoryApi.create(connection.client(), draft);
        if (connection.json()) {
            Output.json(spec.commandLine().getOut(), created);
        } else {
            spec.commandLine().getOut().println(created.path("id").asText());
        }
        return ExitCodes.OK;
    }

    private String description() {
        if (description == null) {
            return null;
        }
        if (description.file == null) {
            return description.text;
        }
        try {
            return Files.readString(description.file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException("cannot read --description-file " + description.file + ": " + e.getMessage(), ExitCodes.USAGE);
        }
    }
}
