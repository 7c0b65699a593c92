package dev.baton.cli.users;

import dev.baton.cli.ExitCodes;
import picocli.CommandLine.Command;

@Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable a disabled user again.",
        footer = {"", ExitCodes.HELP})
public final class UsersEnableCommand extends UserSwitchCommand {
    public UsersEnableCommand() {
        super(true);
    }
}
