package dev.baton.cli.notify;

import dev.baton.cli.ExitCodes;
import picocli.CommandLine.Command;

/** {@code baton notify}: notification channels, rules and the outbox. */
@Command(name = "notify", mixinStandardHelpOptions = true,
        description = {"Notifications: channels (mail over SMTP, signed web hooks), rules (which kinds, for which locks or "
                + "hosts, to which channel, how often) and the outbox of messages sent, waiting and given up. Changes need the manage-notifications permission (admin, operator).",
                "Kinds: host.failed, lock.stale, lock.waiting_long, fleet.frozen, fleet.unfrozen, lock.force_released, "
                        + "host.not_seen."},
        subcommands = {ChannelCommand.class, RuleCommand.class, OutboxCommand.class},
        footer = {"", ExitCodes.HELP})
public final class NotifyCommand {
}
