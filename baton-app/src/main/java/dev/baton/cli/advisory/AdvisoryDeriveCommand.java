package dev.baton.cli.advisory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code baton advisory derive UPSTREAM_ID --release-suffix .site}. */
@Command(name = "derive", mixinStandardHelpOptions = true,
        description = {"Create a site advisory from an upstream one: the same type, severity, title and text, the upstream "
                + "id as its 'self' reference, and in place of each upstream package the site's rebuild of it (same name, "
                + "epoch and version; the release with the suffix appended, e.g. openssl-1:3.0.7-18.el9.site.x86_64). "
                + "If a rebuild is missing nothing is created and every missing one is named. Once per upstream advisory."},
        footer = {"", ExitCodes.HELP})
public final class AdvisoryDeriveCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "UPSTREAM_ID", description = "The upstream advisory, e.g. RHSA-2026:0101.")
    String upstreamId;
    @Option(names = "--release-suffix", required = true, paramLabel = "SUFFIX",
            description = "What the site appends to a rebuilt package's release, e.g. .site.")
    String suffix;

    @Override
    public Integer call() {
        JsonNode derived = AdvisoryApi.derive(connection.client(),
                JSON.createObjectNode().put("upstream_id", upstreamId).put("release_suffix", suffix));
        if (connection.json()) {
            Output.json(spec.commandLine().getOut(), derived);
        } else {
            spec.commandLine().getOut().println("created " + derived.path("id").asText() + " from " + upstreamId + " ("
                    + derived.path("packages").size() + " packages)");
        }
        return ExitCodes.OK;
    }
}
