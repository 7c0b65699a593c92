package dev.baton.cli.hosts;

import dev.baton.cli.ExitCodes;
import picocli.CommandLine.Command;

@Command(name = "allow", mixinStandardHelpOptions = true, description = "Let a host take update locks again (operator).",
        footer = {"", ExitCodes.HELP})
public final class HostsAllowCommand extends HostsPermissionCommand {
    public HostsAllowCommand() {
        super(true);
    }
}
