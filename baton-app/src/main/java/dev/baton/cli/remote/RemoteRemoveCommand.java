package dev.baton.cli.remote;

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

/** {@code baton remote remove NAME}. */
@Command(name = "remove", mixinStandardHelpOptions = true,
        description = {"Remove a remote. What was mirrored from it stays in Baton's content store and repositories."},
        footer = {"", ExitCodes.HELP})
public final class RemoteRemoveCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "NAME", description = "The remote's name.") String name;

    @Override
    public Integer call() {
        RemoteApi.remove(connection.client(), name);
        PrintWriter out = spec.commandLine().getOut();
        if (connection.json()) {
            Output.json(out, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("removed", name));
        } else {
            out.println("removed remote " + name);
        }
        return ExitCodes.OK;
    }
}
