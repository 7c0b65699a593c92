package dev.baton.cli.users;

import dev.baton.cli.ExitCodes;
import picocli.CommandLine.Command;

@Command(name = "disable", mixinStandardHelpOptions = true,
        description = "Disable a user: it can no longer sign in and its console sessions end. The last enabled admin cannot be disabled.",
        footer = {"", ExitCodes.HELP})
public final class UsersDisableCommand extends UserSwitchCommand {
    public UsersDisableCommand() {
        super(false);
    }
}
