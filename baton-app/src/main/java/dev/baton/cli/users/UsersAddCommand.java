package dev.baton.cli.users;

import dev.baton.cli.ExitCodes;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Add a user. Without --password it asks for the password twice on the terminal, without echo.",
                "Roles: " + Roles.HELP},
        footer = {"", ExitCodes.HELP})
public final class UsersAddCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "NAME", description = "The user name: letters, digits, '.', '_', '@', '-'.") String name;
    @Option(names = "--role", required = true, paramLabel = "ROLE", completionCandidates = Roles.class,
            description = "One of: ${COMPLETION-CANDIDATES} (host is for credentials only).") String role;
    @Option(names = "--password", paramLabel = "P",
            description = "The password (at least 8 characters). Omit it to be asked on the terminal.") String password;
    @Option(names = "--scope", paramLabel = "GLOB",
            description = "Limit the user to locks and hosts whose names match, e.g. web-* (repeatable).") List<String> scopes;
    @Option(names = "--reason", paramLabel = "TEXT", description = "Why; recorded in the audit trail.") String reason;

    @Override
    public Integer call() {
        var client = connection.client();
        var user = client.createUser(name, role, PasswordPrompt.newPassword(password, name), scopes == null ? List.of() : scopes, reason);
        if (connection.json()) {
            Output.json(spec.commandLine().getOut(), user);
        } else {
            spec.commandLine().getOut().println("added " + user.path("name").asText() + " (" + user.path("role").asText()
                    + (user.path("scopes").isEmpty() ? "" : ", limited to " + Output.joined(user.path("scopes"))) + ")");
        }
        return ExitCodes.OK;
    }
}
