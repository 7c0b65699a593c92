package dev.baton.cli.users;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.ExitCodes;
import dev.baton.client.BatonClient;
import picocli.CommandLine.Command;

@Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable a disabled user again.",
        footer = {"", ExitCodes.HELP})
public final class UsersEnableCommand extends UserChangeCommand {
    @Override
    JsonNode change(BatonClient client) {
        return client.setUserEnabled(name, true, reason);
    }

    @Override
    String done(JsonNode user) {
        return user.path("name").asText() + " is enabled";
    }
}
