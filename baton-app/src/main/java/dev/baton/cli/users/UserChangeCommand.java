package dev.baton.cli.users;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import dev.baton.client.BatonClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** A change of one user: the user's name, a reason for the audit trail, and the user as the server answers it. */
abstract class UserChangeCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "NAME", description = "The user.") String name;
    @Option(names = "--reason", paramLabel = "TEXT", description = "Why; recorded in the audit trail.") String reason;

    /** Sends the change; returns the user as changed. */
    abstract JsonNode change(BatonClient client);

    /** What to print after the change, for people. */
    abstract String done(JsonNode user);

    @Override
    public Integer call() {
        JsonNode user = change(connection.client());
        if (connection.json()) {
            Output.json(spec.commandLine().getOut(), user);
        } else {
            spec.commandLine().getOut().println(done(user));
        }
        return ExitCodes.OK;
    }
}
