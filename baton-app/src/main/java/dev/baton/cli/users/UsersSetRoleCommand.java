package dev.baton.cli.users;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.ExitCodes;
import dev.baton.client.BatonClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "set-role", mixinStandardHelpOptions = true,
        description = {"Give a user another role; it applies to the user's next request.", "Roles: " + Roles.HELP},
        footer = {"", ExitCodes.HELP})
public final class UsersSetRoleCommand extends UserChangeCommand {
    @Parameters(index = "1", paramLabel = "ROLE", completionCandidates = Roles.class, description = "One of: ${COMPLETION-CANDIDATES}.")
    String role;

    @Override
    JsonNode change(BatonClient client) {
        return client.setUserRole(name, role, reason);
    }

    @Override
    String done(JsonNode user) {
        return user.path("name").asText() + " is now " + user.path("role").asText();
    }
}
