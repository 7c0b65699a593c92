package dev.baton.cli.lock;

import dev.baton.cli.CliException;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Names;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "set-stale-after", mixinStandardHelpOptions = true,
        description = {"Set how long a holder may hold a lock before it is reported stale (operator); creates the lock "
                + "if needed.",
                "A stale holder raises a lock.stale notification and shows as stale; nothing is released. DURATION is "
                        + "ISO-8601 (PT4H, PT30M), 'off' turns staleness off for this lock even when the server has a "
                        + "default (--stale-after), 'default' goes back to the server's default (off when it has none)."},
        footer = {"", ExitCodes.HELP})
public final class LockSetStaleAfterCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "NAME", converter = Names.Lock.class, description = "The lock.") String name;
    @Parameters(index = "1", paramLabel = "DURATION|off|default", description = "PT4H, off or default.") String value;
    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the audit trail.") String reason;

    @Override
    public Integer call() {
        var lock = connection.client().setStaleAfter(name, seconds(value), reason);
        var out = spec.commandLine().getOut();
        if (connection.json()) {
            Output.json(out, lock);
        } else {
            out.printf("%s: stale after %s%n", name, LockShowCommand.staleAfter(lock));
        }
        return ExitCodes.OK;
    }

    /** Seconds for the API: a positive number, 0 for off, {@code null} for the server's default. */
    static Long seconds(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.equals("off")) {
            return 0L;
        }
        if (v.equals("default")) {
            return null;
        }
        try {
            Duration d = Duration.parse(value.strip());
            if (d.isNegative() || d.isZero() || d.toSeconds() == 0) {
                throw new CliException("a stale_after must be at least one second, got '" + value
                        + "'; use 'off' to turn staleness off for this lock");
            }
            return d.toSeconds();
        } catch (DateTimeParseException e) {
            throw new CliException("'" + value + "' is neither an ISO-8601 duration such as PT4H "
                    + "(4 hours) or PT30M (30 minutes), nor 'off' or 'default'");
        }
    }
}
