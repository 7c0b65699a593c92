package dev.baton.cli.lock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true, description = "List every lock with its holders and waiters.",
        footer = {"", ExitCodes.HELP})
public final class LockListCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        JsonNode answer = connection.client().list();
        Output.listing(spec.commandLine().getOut(), connection.json(), answer, answer.path("locks"),
                List.of("LOCK", "HELD", "WAITING", "STATE", "HOLDERS"),
                lock -> List.of(lock.path("name").asText(), lock.path("holders").size() + "/" + lock.path("slots").asInt(),
                        Integer.toString(lock.path("waiters").size()), LockShowCommand.state(lock), LockShowCommand.holders(lock)));
        return ExitCodes.OK;
    }
}
