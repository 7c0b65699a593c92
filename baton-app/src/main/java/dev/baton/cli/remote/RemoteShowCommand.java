package dev.baton.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code baton remote show NAME}. */
@Command(name = "show", mixinStandardHelpOptions = true, description = {"Show a remote's settings and its last sync."},
        footer = {"", ExitCodes.HELP})
public final class RemoteShowCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "NAME", description = "The remote's name.") String name;

    @Override
    public Integer call() {
        JsonNode remote = RemoteApi.get(connection.client(), name);
        PrintWriter out = spec.commandLine().getOut();
        if (connection.json()) {
            Output.json(out, remote);
            return ExitCodes.OK;
        }
        out.println(remote.path("name").asText() + ": " + remote.path("url").asText());
        for (String field : new String[] {"repo_gpgcheck", "sync_interval", "proxy", "client_cert", "client_key", "advisories",
                "created_at", "created_by"}) {
            String value = Output.text(remote.path(field));
            if (!value.isEmpty()) {
                out.println("  " + field.replace('_', ' ') + ": " + value);
            }
        }
        out.println("  keys: " + (remote.path("keys").asText().isBlank() ? "none (every package fails its check)" : "given"));
        out.println("  last sync: " + RemoteApi.lastSync(remote));
        return ExitCodes.OK;
    }
}
