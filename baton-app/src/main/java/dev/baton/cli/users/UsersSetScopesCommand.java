package dev.baton.cli.users;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Output;
import dev.baton.client.BatonClient;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "set-scopes", mixinStandardHelpOptions = true,
        description = "Limit a user to locks and hosts whose names match the patterns; with no --scope, lift every limit.",
        footer = {"", ExitCodes.HELP})
public final class UsersSetScopesCommand extends UserChangeCommand {
    @Option(names = "--scope", paramLabel = "GLOB", description = "A name pattern such as web-* (repeatable).") List<String> scopes;

    @Override
    JsonNode change(BatonClient client) {
        return client.setUserScopes(name, scopes == null ? List.of() : scopes, reason);
    }

    @Override
    String done(JsonNode user) {
        return user.path("name").asText() + (user.path("scopes").isEmpty() ? " is limited to nothing: every lock and host"
                : " is limited to " + Output.joined(user.path("scopes")));
    }
}
