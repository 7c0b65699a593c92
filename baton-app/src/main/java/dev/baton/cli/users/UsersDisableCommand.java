package dev.baton.cli.users;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.ExitCodes;
import dev.baton.client.BatonClient;
import picocli.CommandLine.Command;

@Command(name = "disable", mixinStandardHelpOptions = true,
        description = "Disable a user: it can no longer sign in and its console sessions end. The last enabled admin cannot be disabled.",
        footer = {"", ExitCodes.HELP})
public final class UsersDisableCommand extends UserChangeCommand {
    @Override
    JsonNode change(BatonClient client) {
        return client.setUserEnabled(name, false, reason);
    }

    @Override
    String done(JsonNode user) {
        return user.path("name").asText() + " is disabled";
    }
}
