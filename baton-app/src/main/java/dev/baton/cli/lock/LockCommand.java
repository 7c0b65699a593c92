package dev.baton.cli.lock;

import dev.baton.cli.ExitCodes;
import picocli.CommandLine.Command;

/** {@code baton lock}: the lock subcommands. */
@Command(name = "lock", mixinStandardHelpOptions = true,
        description = "Inspect and operate locks on a Baton server.",
        subcommands = {LockListCommand.class, LockShowCommand.class, LockAcquireCommand.class, LockReleaseCommand.class,
                LockForceReleaseCommand.class, LockSetSlotsCommand.class, LockSetStaleAfterCommand.class, LockEnableCommand.class, LockDisableCommand.class,
                LockFreezeCommand.class, LockUnfreezeCommand.class, LockEventsCommand.class, LockRunCommand.class},
        footer = {"", ExitCodes.HELP})
public final class LockCommand {
}
