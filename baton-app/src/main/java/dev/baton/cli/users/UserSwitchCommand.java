package dev.baton.cli.users;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.client.BatonClient;

/** {@code enable} and {@code disable}: one user switched on or off, with a reason for the audit trail. */
abstract class UserSwitchCommand extends UserChangeCommand {

    private final boolean enabled;

    UserSwitchCommand(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    JsonNode change(BatonClient client) {
        return client.setUserEnabled(name, enabled, reason);
    }

    @Override
    String done(JsonNode user) {
        return user.path("name").asText() + (enabled ? " is enabled" : " is disabled");
    }
}
