package dev.baton.cli.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.cli.CliException;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code baton notify channel}: where notifications go. */
@Command(name = "channel", mixinStandardHelpOptions = true, description = "Add, list, remove and test notification channels.",
        subcommands = {ChannelCommand.Add.class, ChannelCommand.ListChannels.class, ChannelCommand.Remove.class,
                ChannelCommand.Test.class},
        footer = {"", ExitCodes.HELP})
public final class ChannelCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add a channel: --type email (an SMTP server and recipients) or --type webhook (a URL that gets a "
                    + "JSON POST signed with HMAC-SHA256).",
                    "Secrets are read from a file, an environment variable or the terminal, never from the command line "
                            + "(where other users could see them): the SMTP password from --password-file or "
                            + "BATON_SMTP_PASSWORD, the web hook's signing secret from --secret-file or BATON_WEBHOOK_SECRET."},
            footer = {"", "Examples:",
                    "  baton notify channel add ops-mail --type email --host smtp.example.com --port 587 --user baton \\",
                    "      --password-file /etc/baton/smtp-password --from baton@example.com --to ops@example.com",
                    "  baton notify channel add chat --type webhook --url https://hooks.example.com/baton --secret-file hook.key",
                    "", ExitCodes.HELP})
    static final class Add implements Callable<Integer> {
        @Mixin ServerConnection connection;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NAME", description = "The channel's name, used by rules.") String name;
        @Option(names = "--type", required = true, paramLabel = "TYPE", description = "email or webhook.") String type;
        @Option(names = "--host", paramLabel = "HOST", description = "email: the SMTP server.") String host;
        @Option(names = "--port", paramLabel = "PORT", defaultValue = "587", description = "email: its port (default: ${DEFAULT-VALUE}).") int port;
        @Option(names = "--starttls", paramLabel = "BOOL", arity = "1", defaultValue = "true",
                description = "email: require STARTTLS before AUTH and the message (default: ${DEFAULT-VALUE}); false for a local relay.")
        boolean startTls;
        @Option(names = "--user", paramLabel = "USER", description = "email: the SMTP AUTH user (none: no AUTH).") String user;
        @Option(names = "--password-file", paramLabel = "FILE", description = "email: a file holding the SMTP password.") Path passwordFile;
        @Option(names = "--from", paramLabel = "ADDRESS", description = "email: the sender address.") String from;
        @Option(names = "--to", paramLabel = "ADDRESS", description = "email: a recipient (repeatable).") List<String> to;
        @Option(names = "--url", paramLabel = "URL", description = "webhook: where to POST.") String url;
        @Option(names = "--secret-file", paramLabel = "FILE", description = "webhook: a file holding the signing secret (16 characters or more).")
        Path secretFile;

        @Override
        public Integer call() {
            ObjectNode body = JSON.createObjectNode().put("name", name).put("type", type);
            switch (type) {
                case "email" -> {
                    body.put("host", host).put("port", port).put("starttls", startTls).put("user", user).put("from", from);
                    var recipients = body.putArray("to");
                    if (to != null) {
                        to.forEach(recipients::add);
                    }
                    if (user != null) {
                        body.put("password", secret(passwordFile, "BATON_SMTP_PASSWORD", "SMTP password for " + user));
                    }
                }
                case "webhook" -> body.put("url", url).put("secret", secret(secretFile, "BATON_WEBHOOK_SECRET", "web hook signing secret"));
                default -> throw new CliException("--type must be email or webhook, got '" + type + "'");
            }
            JsonNode added = NotifyApi.post(connection.client(), "channels", body);
            if (connection.json()) {
                Output.json(spec.commandLine().getOut(), added);
            } else {
                spec.commandLine().getOut().println("added channel " + added.path("id").asText() + " (" + name + ")");
            }
            return ExitCodes.OK;
        }

        private static String secret(Path file, String variable, String what) {
            if (file != null) {
                try {
                    return Files.readString(file, StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    throw new CliException("cannot read the " + what + " from " + file + ": " + e.getMessage());
                }
            }
            String env = System.getenv(variable);
            if (env != null && !env.isEmpty()) {
                return env;
            }
            if (System.console() != null) {
                char[] typed = System.console().readPassword("%s: ", what);
                if (typed != null && typed.length > 0) {
                    return new String(typed);
                }
            }
            throw new CliException("the " + what + " is needed: give a file, set " + variable + ", or run on a terminal to type it");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List channels (secrets only as set or not set).",
            footer = {"", ExitCodes.HELP})
    static final class ListChannels implements Callable<Integer> {
        @Mixin ServerConnection connection;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            JsonNode answer = NotifyApi.get(connection.client(), "channels");
            Output.listing(spec.commandLine().getOut(), connection.json(), answer, answer.path("channels"),
                    List.of("ID", "NAME", "TYPE", "WHERE", "SECRET"),
                    c -> c.path("type").asText().equals("email")
                            ? List.of(c.path("id").asText(), c.path("name").asText(), "email",
                                    c.path("host").asText() + ":" + c.path("port").asText()
                                            + (c.path("starttls").asBoolean() ? " starttls" : "") + " -> " + Output.joined(c.path("to")),
                                    c.path("password_set").asBoolean() ? "set" : "not set")
                            : List.of(c.path("id").asText(), c.path("name").asText(), "webhook", c.path("url").asText(),
                                    c.path("secret_set").asBoolean() ? "set" : "not set"));
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a channel no rule uses.",
            footer = {"", ExitCodes.HELP})
    static final class Remove implements Callable<Integer> {
        @Mixin ServerConnection connection;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "ID", description = "The channel's id (baton notify channel list).") long id;

        @Override
        public Integer call() {
            NotifyApi.delete(connection.client(), "channels/" + id);
            spec.commandLine().getOut().println("removed channel " + id);
            return ExitCodes.OK;
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true, description = "Send a test message on a channel now.",
            footer = {"", ExitCodes.HELP})
    static final class Test implements Callable<Integer> {
        @Mixin ServerConnection connection;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "ID", description = "The channel's id (baton notify channel list).") long id;

        @Override
        public Integer call() {
            NotifyApi.post(connection.client(), "channels/" + id + "/test", JSON.createObjectNode());
            spec.commandLine().getOut().println("test message sent on channel " + id);
            return ExitCodes.OK;
        }
    }
}
