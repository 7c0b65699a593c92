package dev.baton.cli.key;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code baton key export NAME}: the armored public key on stdout. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Print a key's armored public key, for the hosts' gpgkey= and rpm --import.",
        footer = {"", "Example:", "  baton key export site > /etc/pki/rpm-gpg/RPM-GPG-KEY-site", "", ExitCodes.HELP})
public final class KeyExportCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "NAME", description = "The key's name (baton key list).") String name;

    @Override
    public Integer call() {
        JsonNode key = KeyApi.find(connection.client(), name);
        if (connection.json()) {
            Output.json(spec.commandLine().getOut(), key);
        } else {
            spec.commandLine().getOut().print(key.path("public_key").asText());
            spec.commandLine().getOut().flush();
        }
        return ExitCodes.OK;
    }
}
