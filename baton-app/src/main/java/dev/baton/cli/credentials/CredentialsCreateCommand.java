package dev.baton.cli.credentials;

import dev.baton.cli.ExitCodes;
import dev.baton.cli.Names;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import dev.baton.cli.users.Roles;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Create a credential. Its secret is printed once and stored only as a slow hash.",
                "Roles: " + Roles.HELP},
        footer = {"", ExitCodes.HELP})
public final class CredentialsCreateCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Option(names = "--name", required = true, paramLabel = "NAME", description = "What the history shows as the actor, e.g. the host name.") String name;
    @Option(names = "--role", required = true, paramLabel = "ROLE", completionCandidates = Roles.class,
            description = "One of: ${COMPLETION-CANDIDATES}.") String role;
    @Option(names = "--holder", paramLabel = "HOLDER", converter = Names.Holder.class,
            description = "For --role host: a holder name it may lock as (repeatable).") List<String> holders;
    @Option(names = "--scope", paramLabel = "GLOB",
            description = "Limit the credential to locks and hosts whose names match, e.g. web-* (repeatable).") List<String> scopes;

    @Override
    public Integer call() {
        var answer = connection.client().createCredential(name, role, holders == null ? List.of() : holders,
                scopes == null ? List.of() : scopes);
        var out = spec.commandLine().getOut();
        if (connection.json()) {
            Output.json(out, answer);
        } else {
            out.println("id:     " + answer.path("id").asText());
            out.println("secret: " + answer.path("secret").asText());
            out.println("role:   " + answer.path("role").asText());
            out.println();
            out.println("The secret is shown this once. Give the host BATON_CREDENTIAL_ID and BATON_CREDENTIAL_SECRET,");
            out.println("or (DLM Engine clients) secret_id and secret in their configuration.");
        }
        return ExitCodes.OK;
    }
}
