package dev.baton.cli.key;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/** {@code baton key create NAME}: a new key made and kept by the server. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Create a signing key on the server (its secret part never leaves it).",
        footer = {"", "Example:", "  baton key create site --user-id 'Example Packages <packages@example.org>'", "",
                ExitCodes.HELP})
public final class KeyCreateCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "NAME", description = "The key's name: lowercase letters, digits, '.', '_', '-'.") String name;
    @Option(names = "--algorithm", paramLabel = "ALG", defaultValue = "rsa",
            description = "rsa (RSA 3072, what every rpm and dnf checks) or eddsa (Ed25519) (default: ${DEFAULT-VALUE}).")
    String algorithm;
    @Option(names = "--user-id", paramLabel = "UID", description = "The key's user id, e.g. 'Name <address>' "
            + "(default: one naming the key).")
    String userId;

    @Override
    public Integer call() {
        ObjectNode body = new ObjectMapper().createObjectNode().put("name", name).put("algorithm", algorithm);
        if (userId != null) {
            body.put("user_id", userId);
        }
        JsonNode key = KeyApi.create(connection.client(), "", body);
        if (connection.json()) {
            Output.json(spec.commandLine().getOut(), key);
        } else {
            spec.commandLine().getOut().println(KeyApi.line("created", key));
        }
        return ExitCodes.OK;
    }
}
