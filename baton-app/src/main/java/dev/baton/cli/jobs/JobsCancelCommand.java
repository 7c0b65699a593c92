package dev.baton.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code baton jobs cancel ID}. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = {"Cancel a job: a queued one ends at once; a running one is asked to stop and ends cancelled within "
                + "a few seconds ('baton jobs wait ID' to see it end). A finished job is left as it is. Needs the "
                + "operate-locks permission on the lock baton-job-KIND-SUBJECT (admin, operator)."},
        footer = {"", ExitCodes.HELP})
public final class JobsCancelCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "ID", description = "The job's id.") long id;

    @Override
    public Integer call() {
        JsonNode job = JobsApi.cancel(connection.client(), id);
        if (connection.json()) {
            Output.json(spec.commandLine().getOut(), job);
        } else {
            String state = job.path("state").asText();
            spec.commandLine().getOut().println(state.equals("running") ? "job " + id + " is asked to stop" : JobsApi.line(job));
        }
        return ExitCodes.OK;
    }
}
