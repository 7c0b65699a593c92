package dev.baton.cli.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code baton audit}: who did what, newest first. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Show the audit trail, newest first: every change made through the API, the console or this CLI, "
                + "with who, how they signed in, from where and why (needs the view-audit permission: admin, operator, "
                + "release-manager).",
                "Holders taking and giving back slots are in the locks' history instead ('baton lock events')."},
        footer = {"", ExitCodes.HELP})
public final class AuditCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Option(names = "--actor", paramLabel = "A", description = "Only this user's or credential's actions.") String actor;
    @Option(names = "--action", paramLabel = "X",
            description = "Only this action (lock.force_release), or with .* every action under a prefix (lock.*).") String action;
    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N entries, 1 to 1000 (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        JsonNode answer = connection.client().audit(actor, action, null, limit);
        Output.listing(spec.commandLine().getOut(), connection.json(), answer, answer.path("entries"),
                List.of("AT", "ACTOR", "VIA", "FROM", "ACTION", "TARGET", "REASON", "DETAIL"),
                e -> List.of(e.path("at").asText(), e.path("actor").asText(), e.path("via").asText(), Output.text(e.path("address")),
                        e.path("action").asText(), Output.text(e.path("target")), Output.text(e.path("reason")),
                        Output.text(e.path("detail"))));
        return ExitCodes.OK;
    }
}
