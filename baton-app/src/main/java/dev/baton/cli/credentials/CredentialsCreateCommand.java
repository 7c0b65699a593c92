package dev.baton.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Create a credential. Its secret is printed once and stored only as a slow hash.",
                "Roles: admin (everything), operator (force-release, freeze, slots), host (acquire/release as its",
                "--holder names only), viewer (read only)."},
        footer = {"", ExitCodes.HELP})
public final class CredentialsCreateCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Option(names = "--name", required = true, description = "What the history shows as the actor, e.g. the host name.") String name;
    @Option(names = "--role", required = true, description = "admin, operator, host or viewer.") String role;
    @Option(names = "--holder", paramLabel = "HOLDER", description = "For --role host: a holder name it may lock as (repeatable).") List<String> holders;

    @Override
    public Integer call() {
        var answer = connection.client().createCredential(name, role, holders == null ? List.of() : holders);
        var out = spec.commandLine().getOut();
        if (connection.json) {
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
