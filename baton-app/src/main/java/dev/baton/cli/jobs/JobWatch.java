package dev.baton.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Output;
import dev.baton.client.BatonClient;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * Follows a job to its end, showing its progress: a progress bar on a terminal, a line per change otherwise, the
 * job's JSON at the end with {@code --json}. Used by {@code baton jobs wait} and by commands that submit a job and
 * wait for it ({@code baton remote sync}).
 */
public final class JobWatch {
    private static final int BAR = 30;

    private JobWatch() {
    }

    /**
     * Polls the job every {@code pollMillis} until it ended or {@code timeoutSeconds} (null: no limit) passed, and
     * answers the exit code: {@link ExitCodes#OK} when it succeeded, {@link ExitCodes#REFUSED} when it failed, was
     * cancelled or is still active after the timeout (said on {@code err}).
     */
    public static int follow(BatonClient client, long id, boolean json, Long timeoutSeconds, long pollMillis,
                             PrintWriter out, PrintWriter err) throws InterruptedException {
        boolean terminal = !json && Output.onTerminal();
        long deadline = timeoutSeconds == null ? Long.MAX_VALUE : System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        String last = null;
        JsonNode job;
        while (true) {
            job = JobsApi.get(client, "/" + id);
            boolean active = active(job);
            if (!json) {
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
        if (json) {
            Output.json(out, job);
        }
        String state = job.path("state").asText();
        if (active(job)) {
            err.println("job " + id + " is still " + state + " after " + timeoutSeconds + " s; it goes on");
            return ExitCodes.REFUSED;
        }
        return state.equals("succeeded") ? ExitCodes.OK : ExitCodes.REFUSED;
    }

    private static boolean active(JsonNode job) {
        String state = job.path("state").asText();
        return state.equals("queued") || state.equals("running");
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
