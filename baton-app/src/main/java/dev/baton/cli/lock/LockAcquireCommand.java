package dev.baton.cli.lock;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Names;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import dev.baton.client.BatonClient;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "acquire", mixinStandardHelpOptions = true,
        description = "Take a slot of a lock. Exits 0 only when the holder holds a slot afterwards.",
        footer = {"", ExitCodes.HELP})
public final class LockAcquireCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "NAME", converter = Names.Lock.class,
            description = "The lock (created with the server's default slots if new).") String name;
    @Option(names = "--holder", required = true, paramLabel = "HOLDER", converter = Names.Holder.class,
            description = "Who holds the slot, e.g. the host's FQDN.") String holder;
    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "0",
            description = "Wait up to this long in the queue for a slot (default: ${DEFAULT-VALUE}).") long waitSeconds;

    @Override
    public Integer call() {
        BatonClient.AcquireResponse answer = connection.client().acquire(name, holder, Duration.ofSeconds(waitSeconds));
        var out = spec.commandLine().getOut();
        if (connection.json()) {
            Output.json(out, json(answer));
        } else if (answer.granted()) {
            out.printf("%s holds a slot of %s (%s)%n", holder, name, answer.status().replace('_', ' '));
        } else {
            spec.commandLine().getErr().printf("not granted: %s%n", answer.message());
        }
        return answer.granted() ? ExitCodes.OK : ExitCodes.REFUSED;
    }

    private static ObjectNode json(BatonClient.AcquireResponse a) {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("granted", a.granted()).put("status", a.status())
                .put("position", a.position()).put("message", a.message());
        o.set("lock", a.lock());
        return o;
    }
}
