package dev.baton.cli.key;

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

/** {@code baton key list}: the keys, by name. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the site's signing keys and who holds each: the server, or gpg (with its GNUPGHOME).",
        footer = {"", ExitCodes.HELP})
public final class KeyListCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        JsonNode answer = KeyApi.list(connection.client());
        Output.listing(spec.commandLine().getOut(), connection.json(), answer, answer.path("keys"),
                List.of("NAME", "ALGORITHM", "KEY ID", "HELD BY", "USER ID", "CREATED"),
                k -> List.of(k.path("name").asText(), k.path("algorithm").asText(), k.path("key_id").asText(),
                        KeyApi.heldBy(k), k.path("user_id").asText(), Output.text(k.path("created_at"))));
        return ExitCodes.OK;
    }
}
