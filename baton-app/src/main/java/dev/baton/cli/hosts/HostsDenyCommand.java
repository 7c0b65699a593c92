package dev.baton.cli.hosts;

import dev.baton.cli.ExitCodes;
import picocli.CommandLine.Command;

@Command(name = "deny", mixinStandardHelpOptions = true,
        description = "Bar a host from taking update locks (operator): its Foreman DLM acquire answers 412. Slots it holds stay held.",
        footer = {"", ExitCodes.HELP})
public final class HostsDenyCommand extends HostsPermissionCommand {
    public HostsDenyCommand() {
        super(false);
    }
}
