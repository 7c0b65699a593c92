package dev.baton.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.CliException;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import java.io.PrintWriter;
import java.time.Duration;
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
    private static final int BAR = 30;

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
        PrintWriter out = spec.commandLine().getOut();
        boolean terminal = !connection.json() && Output.onTerminal();
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + Duration.ofSeconds(timeout).toNanos();
        String last = null;
        JsonNode job;
        while (true) {
            job = JobsApi.get(connection.client(), "/" + id);
            boolean active = job.path("state").asText().equals("queued") || job.path("state").asText().equals("running");
            if (!connection.json()) {
                String shown = terminal ? bar(job) : JobsApi.line(job);
                if (!shown.equals(last)) {
                    if (terminal) {
                        out.print("\r" + shown + "\u001b[K");
                    } else {
                        out.println(shown);
                    }
                    out.flush();
                    last = shown;
                }
            }
            if (!active || System.nanoTime() - deadline >= 0) {
                break;
            }
            Thread.sleep(pollMillis);
        }
        if (terminal) {
            out.println();
            out.println(JobsApi.line(job));
        }
        if (connection.json()) {
            Output.json(out, job);
        }
        String state = job.path("state").asText();
        if (state.equals("queued") || state.equals("running")) {
            spec.commandLine().getErr().println("job " + id + " is still " + state + " after " + timeout + " s; it goes on");
            return ExitCodes.REFUSED;
        }
        return state.equals("succeeded") ? ExitCodes.OK : ExitCodes.REFUSED;
    }

    /** {@code sync upstream [#########.........]  30% 3/10 packages fetching hello-1.0} */
    static String bar(JsonNode job) {
        JsonNode p = job.path("progress");
        long done = p.path("done").asLong();
        long total = p.path("total").asLong();
        String head = job.path("kind").asText() + " " + job.path("subject").asText() + " ";
        String counts = JobsApi.progress(job);
        String message = p.path("message").asText("");
        if (total <= 0) {
            return head + job.path("state").asText() + (counts.isEmpty() ? "" : " " + counts) + (message.isEmpty() ? "" : " " + message);
        }
        int filled = (int) Math.min(BAR, done * BAR / total);
        return head + "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + String.format("%3d%%", done * 100 / total)
                + " " + counts + (message.isEmpty() ? "" : " " + (message.length() > 40 ? message.substring(0, 40) : message));
    }
}
