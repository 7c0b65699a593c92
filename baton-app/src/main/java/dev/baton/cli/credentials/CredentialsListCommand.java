package dev.baton.cli.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import java.util.ArrayList;
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
        var out = spec.commandLine().getOut();
        if (connection.json()) {
            Output.json(out, answer);
            return ExitCodes.OK;
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode c : answer.path("credentials")) {
            List<String> holders = new ArrayList<>();
            c.path("holders").forEach(h -> holders.add(h.asText()));
            rows.add(List.of(c.path("id").asText(), c.path("name").asText(), c.path("role").asText(),
                    holders.isEmpty() ? "-" : String.join(",", holders),
                    c.path("revoked_at").isNull() ? "active" : "revoked " + c.path("revoked_at").asText()));
        }
        Output.table(out, List.of("ID", "NAME", "ROLE", "HOLDERS", "STATE"), rows);
        return ExitCodes.OK;
    }
}
