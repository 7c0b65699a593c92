package dev.baton.cli.key;

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
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code baton key add NAME FILE}: imports an existing secret key. */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Import an armored OpenPGP secret key (gpg --armor --export-secret-keys KEY > FILE); the server "
                + "keeps it encrypted with its own signing passphrase.",
                "The key's current passphrase is read from --passphrase-file, BATON_KEY_PASSPHRASE or the terminal, "
                        + "never from the command line; a key without one needs none."},
        footer = {"", "Example:", "  baton key add vendor vendor-secret.asc --passphrase-file vendor.pass", "",
                ExitCodes.HELP})
public final class KeyAddCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "NAME", description = "The name the key gets on the server.") String name;
    @Parameters(index = "1", paramLabel = "FILE", description = "The armored secret key.") Path file;
    @Option(names = "--passphrase-file", paramLabel = "FILE", description = "A file holding the key's passphrase.")
    Path passphraseFile;

    @Override
    public Integer call() {
        String armored = read(file, "the secret key");
        if (!armored.contains("-----BEGIN PGP PRIVATE KEY BLOCK-----")) {
            throw new CliException(file + " is not an armored OpenPGP secret key (it has no BEGIN PGP PRIVATE KEY "
                    + "BLOCK line); export one with gpg --armor --export-secret-keys KEY");
        }
        ObjectNode body = new ObjectMapper().createObjectNode().put("name", name).put("secret_key", armored)
                .put("passphrase", passphrase());
        JsonNode key = KeyApi.create(connection.client(), "/import", body);
        if (connection.json()) {
            Output.json(spec.commandLine().getOut(), key);
        } else {
            spec.commandLine().getOut().println(KeyApi.line("added", key));
        }
        return ExitCodes.OK;
    }

    private String passphrase() {
        if (passphraseFile != null) {
            return read(passphraseFile, "the key's passphrase").strip();
        }
        String env = System.getenv("BATON_KEY_PASSPHRASE");
        if (env != null) {
            return env;
        }
        if (System.console() != null) {
            char[] typed = System.console().readPassword("passphrase of the key in %s (empty for none): ", file);
            return typed == null ? "" : new String(typed);
        }
        return "";
    }

    private static String read(Path path, String what) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException("cannot read " + what + " from " + path + " (" + e.getClass().getSimpleName() + ")");
        }
    }
}
