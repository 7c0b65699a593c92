package dev.baton.cli.jump;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import dev.baton.client.JumpClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code baton jump show RUN [HOST]}: a run with its hosts, or one host's log. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Show a jump run with each host's state (waiting, running, rebooting, done, failed, interrupted, "
                + "refused, aborted) and line; with HOST, that host's log: every line it ran, how it ended and its "
                + "output (for an interrupted line, the output seen before Baton lost it)."},
        footer = {"", ExitCodes.HELP})
public final class JumpShowCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "RUN", description = "The run's name (see 'baton jump runs').")
    String run;
    @Parameters(index = "1", paramLabel = "HOST", arity = "0..1", description = "A host of the run, to show its log.")
    String host;

    @Override
    public Integer call() {
        JumpClient jump = new JumpClient(connection.client());
        PrintWriter out = spec.commandLine().getOut();
        if (host != null) {
            JsonNode log = jump.hostLog(run, host);
            if (connection.json()) {
                Output.json(out, log);
            } else {
                out.println(host + ": " + log.path("state").asText() + (log.path("line").asInt() > 0 ? " at line "
                        + log.path("line").asInt() : "") + " (" + log.path("message").asText() + ")");
                out.print(log.path("log").asText());
                out.flush(); // print() alone does not flush a PrintWriter
            }
            return ExitCodes.OK;
        }
        JsonNode answer = jump.run(run);
        if (connection.json()) {
            Output.json(out, answer);
        } else {
            out.println(JumpRunsView.line(answer));
            JumpRunsView.hosts(out, answer);
        }
        return ExitCodes.OK;
    }
}
