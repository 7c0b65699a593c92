package dev.baton.cli.repo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code baton repo publish NAME}: submits the publish job and waits for it. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Publish the repository's latest version now (a change publishes by itself) and wait for the job "
                + "to end. Exits 0 when it succeeded, 1 when it failed or --timeout passed first (the job goes on)."},
        footer = {"", ExitCodes.HELP})
public final class RepoPublishCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "NAME", description = "The repository.") String name;
    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up waiting after this many seconds (default: wait until it ends).")
    Long timeout;

    @Override
    public Integer call() throws InterruptedException {
        if (timeout != null && timeout < 1) {
            throw new dev.baton.cli.CliException("--timeout must be at least 1 second, got " + timeout);
        }
        JsonNode submitted = RepoApi.post(connection.client(), "/" + name + "/publish", RepoApi.object());
        long id = submitted.path("job").asLong();
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + java.time.Duration.ofSeconds(timeout).toNanos();
        JsonNode job;
        while (true) {
            job = connection.client().call("GET", "api/v3/jobs/" + id, null, java.time.Duration.ofSeconds(60), 200);
            String state = job.path("state").asText();
            if (!state.equals("queued") && !state.equals("running") || System.nanoTime() - deadline >= 0) {
                break;
            }
            Thread.sleep(500);
        }
        PrintWriter out = spec.commandLine().getOut();
        String state = job.path("state").asText();
        if (connection.json()) {
            Output.json(out, job);
        } else {
            String message = job.path("progress").path("message").asText("");
            String error = job.path("error").asText("");
            out.println("publish " + name + " (job " + id + "): " + state + (message.isEmpty() ? "" : ", " + message)
                    + (error.isEmpty() ? "" : ": " + error));
        }
        if (state.equals("queued") || state.equals("running")) {
            spec.commandLine().getErr().println("job " + id + " is still " + state + " after " + timeout + " s; it goes on");
        }
        return state.equals("succeeded") ? ExitCodes.OK : ExitCodes.REFUSED;
    }
}
