package dev.baton.cli.credentials;

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

@Command(name = "list", mixinStandardHelpOptions = true, description = "List credentials (never their secrets).",
        footer = {"", ExitCodes.HELP})
public final class CredentialsListCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        JsonNode answer = connection.client().credentials();
        Output.listing(spec.commandLine().getOut(), connection.json(), answer, answer.path("credentials"),
                List.of("ID", "NAME", "ROLE", "HOLDERS", "SCOPES", "STATE"),
                c -> List.of(c.path("id").asText(), c.path("name").asText(), c.path("role").asText(), Output.joined(c.path("holders")),
                        Output.joined(c.path("scopes")),
                        c.path("revoked_at").isNull() ? "active" : "revoked " + c.path("revoked_at").asText()));
        return ExitCodes.OK;
    }
}
