package dev.baton.cli.users;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.ExitCodes;
import dev.baton.client.BatonClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "reset-password", mixinStandardHelpOptions = true,
        description = "Set a user's password. Without --password it asks twice on the terminal, without echo.",
        footer = {"", ExitCodes.HELP})
public final class UsersResetPasswordCommand extends UserChangeCommand {
    @Option(names = "--password", paramLabel = "P",
            description = "The new password (at least 8 characters). Omit it to be asked on the terminal.") String password;

    @Override
    JsonNode change(BatonClient client) {
        return client.resetPassword(name, PasswordPrompt.newPassword(password, name), reason);
    }

    @Override
    String done(JsonNode user) {
        return "the password of " + user.path("name").asText() + " is changed";
    }
}
