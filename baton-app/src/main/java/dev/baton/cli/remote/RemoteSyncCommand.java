package dev.baton.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import dev.baton.cli.jobs.JobWatch;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code baton remote sync NAME}: submits the remote's sync and waits for it. */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = {"Sync a remote now and wait for the end, showing progress (a bar on a terminal, a line per change "
                + "otherwise). Exits 0 when the sync succeeded (packages that failed their checks do not fail the sync: "
                + "see 'baton remote show'), 1 with the error when it failed. With --no-wait: submit, print the job, exit."},
        footer = {"", ExitCodes.HELP})
public final class RemoteSyncCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "NAME", description = "The remote's name.") String name;
    @Option(names = "--no-wait", description = "Submit the sync and exit; follow it with 'baton jobs wait ID'.") boolean noWait;
    @Option(names = "--poll", paramLabel = "MS", defaultValue = "500", hidden = true,
            description = "How often to ask the server, in milliseconds (default: ${DEFAULT-VALUE}).") long pollMillis;

    @Override
    public Integer call() throws InterruptedException {
        JsonNode job = RemoteApi.sync(connection.client(), name);
        PrintWriter out = spec.commandLine().getOut();
        if (noWait) {
            if (connection.json()) {
                Output.json(out, job);
            } else {
                out.println("submitted job " + job.path("id").asLong() + "; follow it with: baton jobs wait "
                        + job.path("id").asLong());
            }
            return ExitCodes.OK;
        }
        return JobWatch.follow(connection.client(), job.path("id").asLong(), connection.json(), null, pollMillis, out,
                spec.commandLine().getErr());
    }
}
