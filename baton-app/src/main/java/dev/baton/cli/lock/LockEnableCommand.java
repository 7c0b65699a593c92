package dev.baton.cli.lock;

import dev.baton.cli.ExitCodes;
import picocli.CommandLine.Command;

@Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable a lock again (operator).",
        footer = {"", ExitCodes.HELP})
public final class LockEnableCommand extends LockSwitchCommand {
    public LockEnableCommand() {
        super(true);
    }
}
