package dev.baton.cli.users;

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

@Command(name = "list", mixinStandardHelpOptions = true, description = "List users with their roles, scopes and state (never passwords).",
        footer = {"", ExitCodes.HELP})
public final class UsersListCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        JsonNode answer = connection.client().users();
        Output.listing(spec.commandLine().getOut(), connection.json(), answer, answer.path("users"),
                List.of("USER", "ROLE", "SCOPES", "STATE", "CREATED"),
                u -> List.of(u.path("name").asText(), u.path("role").asText(), Output.joined(u.path("scopes")),
                        u.path("enabled").asBoolean() ? "enabled" : "disabled " + Output.text(u.path("disabled_at")),
                        Output.text(u.path("created_at"))));
        return ExitCodes.OK;
    }
}
