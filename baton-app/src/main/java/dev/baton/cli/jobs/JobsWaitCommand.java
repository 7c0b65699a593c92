package dev.baton.cli.jobs;

import dev.baton.cli.CliException;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.ServerConnection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code baton jobs wait ID}: follows a job to its end. */
@Command(name = "wait", mixinStandardHelpOptions = true,
        description = {"Wait for a job to end, showing its progress: a progress bar on a terminal, a line per change "
                + "otherwise. Exits 0 when the job succeeded, 1 when it failed or was cancelled (its error is printed), "
                + "and 1 when --timeout passes first (the job goes on)."},
        footer = {"", ExitCodes.HELP})
public final class JobsWaitCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "ID", description = "The job's id.") long id;
    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up waiting after this many seconds (default: wait until it ends).")
    Long timeout;
    @Option(names = "--poll", paramLabel = "MS", defaultValue = "500", hidden = true,
            description = "How often to ask the server, in milliseconds (default: ${DEFAULT-VALUE}).") long pollMillis;

    @Override
    public Integer call() throws InterruptedException {
        if (timeout != null && timeout < 1) {
            throw new CliException("--timeout must be at least 1 second, got " + timeout);
        }
        return JobWatch.follow(connection.client(), id, connection.json(), timeout, pollMillis, spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }
}
