package dev.baton.cli.lock;

import dev.baton.cli.ExitCodes;
import picocli.CommandLine.Command;

@Command(name = "disable", mixinStandardHelpOptions = true,
        description = "Disable a lock (operator): no acquire and no release until it is enabled again.",
        footer = {"", ExitCodes.HELP})
public final class LockDisableCommand extends LockSwitchCommand {
    public LockDisableCommand() {
        super(false);
    }
}
