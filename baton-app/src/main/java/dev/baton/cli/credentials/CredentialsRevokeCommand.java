package dev.baton.cli.credentials;

import dev.baton.cli.ExitCodes;
import dev.baton.cli.ServerConnection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a credential; it stops working at once.",
        footer = {"", ExitCodes.HELP})
public final class CredentialsRevokeCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "ID", description = "The credential's id (baton credentials list).") String id;

    @Override
    public Integer call() {
        connection.client().revokeCredential(id);
        spec.commandLine().getOut().println("revoked " + id);
        return ExitCodes.OK;
    }
}
