package dev.baton.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code baton jobs show ID}: one job. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Show one job: its state, progress, attempts (more than 1 when a server stopped and another resumed it), "
                + "the server running it, and its error."},
        footer = {"", ExitCodes.HELP})
public final class JobsShowCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "ID", description = "The job's id (see 'baton jobs list').") long id;

    @Override
    public Integer call() {
        JsonNode job = JobsApi.get(connection.client(), "/" + id);
        PrintWriter out = spec.commandLine().getOut();
        if (connection.json()) {
            Output.json(out, job);
            return ExitCodes.OK;
        }
        out.println(JobsApi.line(job));
        for (String field : new String[] {"actor", "attempts", "runner", "created_at", "started_at", "updated_at", "finished_at",
                "cancel_requested_by", "parameters"}) {
            String value = Output.text(job.path(field));
            if (!value.isEmpty()) {
                out.println("  " + field.replace('_', ' ') + ": " + value);
            }
        }
        return ExitCodes.OK;
    }
}
