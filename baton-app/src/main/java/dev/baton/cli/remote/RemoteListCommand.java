package dev.baton.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code baton remote list}. */
@Command(name = "list", mixinStandardHelpOptions = true, description = {"List the remotes with their last sync."},
        footer = {"", ExitCodes.HELP})
public final class RemoteListCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        JsonNode answer = RemoteApi.list(connection.client());
        Output.listing(spec.commandLine().getOut(), connection.json(), answer, answer.path("remotes"),
                List.of("NAME", "URL", "REPO_GPGCHECK", "SYNC EVERY", "LAST SYNC"),
                r -> List.of(r.path("name").asText(), r.path("url").asText(), r.path("repo_gpgcheck").asText(),
                        Output.text(r.path("sync_interval")), RemoteApi.lastSync(r)));
        return ExitCodes.OK;
    }
}
