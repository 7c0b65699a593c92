package dev.baton.cli.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.cli.CliException;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import dev.baton.client.Lengths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code baton notify rule}: to whom, what, how often. */
@Command(name = "rule", mixinStandardHelpOptions = true, description = "Add, list and remove notification rules.",
        subcommands = {RuleCommand.Add.class, RuleCommand.ListRules.class, RuleCommand.Remove.class},
        footer = {"", ExitCodes.HELP})
public final class RuleCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Send notices of the given kinds, for locks or hosts matching the scopes, to a channel: at once, "
                    + "or gathered into an hourly or daily digest (UTC).",
            footer = {"", "Example:",
                    "  baton notify rule add --kind host.failed --kind lock.stale --scope 'web-*' --channel ops-mail --frequency hourly",
                    "  baton notify rule add --kind lock.waiting_long --after 30m --channel oncall",
                    "  baton notify rule add --kind host.not_seen --after 3d --channel ops-mail --frequency daily",
                    "", ExitCodes.HELP})
    static final class Add implements Callable<Integer> {
        @Mixin ServerConnection connection;
        @Spec CommandSpec spec;
        @Option(names = "--kind", required = true, paramLabel = "KIND", description = "A notification kind (repeatable).") List<String> kinds;
        @Option(names = "--scope", paramLabel = "GLOB", description = "A lock or host name pattern such as web-* (repeatable; none: everything).")
        List<String> scopes;
        @Option(names = "--channel", required = true, paramLabel = "CHANNEL", description = "The channel's name or id.") String channel;
        @Option(names = "--frequency", paramLabel = "FREQUENCY", defaultValue = "immediately",
                description = "immediately, hourly or daily (default: ${DEFAULT-VALUE}).") String frequency;
        @Option(names = "--after", paramLabel = "DURATION",
                description = "For lock.waiting_long and host.not_seen only: tell of a wait or a silence once it has lasted "
                        + "longer than this, e.g. 30m, 4h, 3d, 1h30m or ISO-8601 PT30M (default: the server's "
                        + "--notify-waiting-after or --notify-not-seen-after).")
        String after;

        @Override
        public Integer call() {
            ObjectNode body = JSON.createObjectNode().put("frequency", frequency);
            if (after != null) {
                body.put("after", threshold(after).toString());
            }
            if (channel.matches("\\d+")) {
                body.put("channel", Long.parseLong(channel));
            } else {
                body.put("channel", channel);
            }
            var k = body.putArray("kinds");
            kinds.forEach(k::add);
            var s = body.putArray("scopes");
            if (scopes != null) {
                scopes.forEach(s::add);
            }
            JsonNode added = NotifyApi.post(connection.client(), "rules", body);
            if (connection.json()) {
                Output.json(spec.commandLine().getOut(), added);
            } else {
                spec.commandLine().getOut().println("added rule " + added.path("id").asText()
                        + (added.path("thresholds").isEmpty() ? "" : " (after " + after(added) + ")"));
            }
            return ExitCodes.OK;
        }
    }

    /** {@code --after}: a positive length in the forms the agent's configuration takes too. */
    static Duration threshold(String text) {
        Duration d;
        try {
            d = Lengths.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CliException("--after: " + e.getMessage() + "; e.g. --after 30m or --after 3d");
        }
        if (d.isNegative() || d.isZero()) {
            throw new CliException("--after must be longer than zero, got '" + text + "'; e.g. --after 30m or --after 3d");
        }
        return d;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List rules. AFTER is the threshold of "
            + "lock.waiting_long and host.not_seen rules: the rule's own, or the server's default.",
            footer = {"", ExitCodes.HELP})
    static final class ListRules implements Callable<Integer> {
        @Mixin ServerConnection connection;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            JsonNode answer = NotifyApi.get(connection.client(), "rules");
            Output.listing(spec.commandLine().getOut(), connection.json(), answer, answer.path("rules"),
                    List.of("ID", "KINDS", "SCOPES", "CHANNEL", "FREQUENCY", "AFTER"),
                    r -> List.of(r.path("id").asText(), Output.joined(r.path("kinds")), Output.joined(r.path("scopes")),
                            r.path("channel_id").asText(), r.path("frequency").asText(), after(r)));
            return ExitCodes.OK;
        }
    }

    /** A rule's threshold: its own, {@code default} with the server's for each kind, or {@code -} for kinds without one. */
    static String after(JsonNode rule) {
        if (rule.path("after").isTextual()) {
            return rule.path("after").asText();
        }
        List<String> defaults = new ArrayList<>();
        rule.path("thresholds").forEach(v -> defaults.add(v.asText()));
        return defaults.isEmpty() ? "-" : "default " + String.join("/", defaults);
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a rule.", footer = {"", ExitCodes.HELP})
    static final class Remove implements Callable<Integer> {
        @Mixin ServerConnection connection;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "ID", description = "The rule's id (baton notify rule list).") long id;

        @Override
        public Integer call() {
            NotifyApi.delete(connection.client(), "rules/" + id);
            spec.commandLine().getOut().println("removed rule " + id);
            return ExitCodes.OK;
        }
    }
}
