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

/**
 * {@code baton key add NAME FILE}: imports an existing secret key; {@code baton key add NAME --gpg KEYID}: adds a
 * key an external gpg agent holds.
 */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Import an armored OpenPGP secret key (gpg --armor --export-secret-keys KEY > FILE); the server "
                + "keeps it encrypted with its own signing passphrase.",
                "The key's current passphrase is read from --passphrase-file, BATON_KEY_PASSPHRASE or the terminal, "
                        + "never from the command line; a key without one needs none.",
                "Or, with --gpg instead of FILE, add a key that gpg on the server holds (in gpg-agent, maybe on a "
                        + "smartcard): its secret part never leaves gpg; the server keeps its public key and runs gpg "
                        + "for every signature, so the agent must be able to use the key unattended (a passphrase "
                        + "preset with gpg-preset-passphrase, or an unlocked card)."},
        footer = {"", "Examples:", "  baton key add vendor vendor-secret.asc --passphrase-file vendor.pass",
                "  baton key add site-hsm --gpg 0123456789ABCDEF0123456789ABCDEF01234567 --gpg-home /var/lib/baton/gnupg",
                "", ExitCodes.HELP})
public final class KeyAddCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "NAME", description = "The name the key gets on the server.") String name;
    @Parameters(index = "1", paramLabel = "FILE", arity = "0..1",
            description = "The armored secret key (not with --gpg).") Path file;
    @Option(names = "--passphrase-file", paramLabel = "FILE", description = "A file holding the key's passphrase.")
    Path passphraseFile;
    @Option(names = "--gpg", paramLabel = "KEYID", description = "Add the key gpg on the server holds under this "
            + "fingerprint (40 hex digits) or long key id (16 hex digits) instead of importing a file.")
    String gpgKey;
    @Option(names = "--gpg-home", paramLabel = "DIR", description = "With --gpg: the GNUPGHOME directory on the "
            + "server whose gpg-agent holds the key (default: gpg's own there, $GNUPGHOME or ~/.gnupg of the server).")
    String gpgHome;

    @Override
    public Integer call() {
        if (gpgKey != null) {
            return addGpg();
        }
        if (gpgHome != null) {
            throw new CliException("--gpg-home goes with --gpg KEYID: give the key gpg holds");
        }
        if (file == null) {
            throw new CliException("give the armored secret key FILE to import, or --gpg KEYID for a key gpg on the "
                    + "server holds");
        }
        String armored = read(file, "the secret key");
        if (!armored.contains("-----BEGIN PGP PRIVATE KEY BLOCK-----")) {
            throw new CliException(file + " is not an armored OpenPGP secret key (it has no BEGIN PGP PRIVATE KEY "
                    + "BLOCK line); export one with gpg --armor --export-secret-keys KEY");
        }
        ObjectNode body = new ObjectMapper().createObjectNode().put("name", name).put("secret_key", armored)
                .put("passphrase", passphrase());
        print(KeyApi.create(connection.client(), "/import", body));
        return ExitCodes.OK;
    }

    private Integer addGpg() {
        if (file != null || passphraseFile != null) {
            throw new CliException("--gpg adds a key gpg holds: give no FILE and no --passphrase-file with it "
                    + "(gpg-agent keeps the key and its passphrase)");
        }
        ObjectNode body = new ObjectMapper().createObjectNode().put("name", name).put("gpg_key", gpgKey);
        if (gpgHome != null) {
            body.put("gpg_home", gpgHome);
        }
        print(KeyApi.create(connection.client(), "/gpg", body));
        return ExitCodes.OK;
    }

    private void print(JsonNode key) {
        if (connection.json()) {
            Output.json(spec.commandLine().getOut(), key);
        } else {
            spec.commandLine().getOut().println(KeyApi.line("added", key));
        }
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
