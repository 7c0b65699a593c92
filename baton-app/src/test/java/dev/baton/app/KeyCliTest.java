package dev.baton.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.server.BatonServer;
import dev.baton.server.ServerSettings;
import dev.baton.server.SigningPassphrase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baton key create|add|list|export} against a real server holding a signing passphrase: a key is created
 * once, an armored secret key made by gpg is added with its passphrase from a file, a key gpg holds is added by its
 * fingerprint and GNUPGHOME, the list shows them and who holds each, and export prints an armored public key that
 * gpg imports.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KeyCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    @Test
    void createAddListAndExportKeys() throws Exception {
        Path passphrase = Files.writeString(tmp.resolve("passphrase"), "server passphrase");
        Files.setPosixFilePermissions(passphrase, PosixFilePermissions.fromString("rw-------"));
        try (BatonServer server = BatonServer.startForTests(ServerSettings.defaults().withPort(0)
                .withStore(tmp.resolve("data"), null).withAdminPassword(ServerProcess.ADMIN_PASSWORD)
                .withSigningPassphrase(SigningPassphrase.from(passphrase, null)));
             CliHost cli = new CliHost(Map.of("BATON_ADMIN_PASSWORD", ServerProcess.ADMIN_PASSWORD))) {
            String url = "http://127.0.0.1:" + server.port();
            assertThat(cli.run(CLI_TIMEOUT, args(url, "key", "list")).exit()).as("the CLI's JVM is up").isZero();

            var created = cli.run(CLI_TIMEOUT, args(url, "key", "create", "site", "--algorithm", "eddsa",
                    "--user-id", "Site <site@example.org>"));
            assertThat(created.exit()).as("%s", created).isZero();
            assertThat(created.out()).startsWith("created key site: eddsa ").contains("(Site <site@example.org>)");
            var twice = cli.run(CLI_TIMEOUT, args(url, "key", "create", "site"));
            assertThat(twice.exit()).isEqualTo(1);
            assertThat(twice.err()).contains("a signing key named 'site' exists already");
            ChildJvm.assertNoStackTrace(twice);

            Path gnupg = Files.createDirectories(tmp.resolve("gnupg"));
            Files.setPosixFilePermissions(gnupg, PosixFilePermissions.fromString("rwx------"));
            gpg(gnupg, "--quick-gen-key", "Vendor <vendor@example.org>", "ed25519", "sign", "never");
            Path secret = tmp.resolve("vendor-secret.asc");
            Files.writeString(secret, gpg(gnupg, "--armor", "--export-secret-keys", "vendor@example.org"));
            Path keyPassphrase = Files.writeString(tmp.resolve("vendor.pass"), "\n");
            var added = cli.run(CLI_TIMEOUT, args(url, "key", "add", "vendor", secret.toString(), "--passphrase-file",
                    keyPassphrase.toString(), "--json"));
            assertThat(added.exit()).as("%s", added).isZero();
            assertThat(JSON.readTree(added.out()).path("name").asText()).isEqualTo("vendor");
            var notAKey = cli.run(CLI_TIMEOUT, args(url, "key", "add", "other", keyPassphrase.toString()));
            assertThat(notAKey.exit()).as("bad input").isEqualTo(2);
            assertThat(notAKey.err()).contains("is not an armored OpenPGP secret key");

            // A key gpg holds: added by its fingerprint and GNUPGHOME, its secret part stays with gpg-agent.
            gpg(gnupg, "--quick-gen-key", "Agent <agent@example.org>", "rsa3072", "sign", "never");
            String fingerprint = fingerprint(gpg(gnupg, "--with-colons", "--fingerprint", "agent@example.org"));
            var held = cli.run(CLI_TIMEOUT, args(url, "key", "add", "agent", "--gpg", fingerprint, "--gpg-home",
                    gnupg.toString()));
            assertThat(held.exit()).as("%s", held).isZero();
            assertThat(held.out()).startsWith("added key agent: rsa " + fingerprint.substring(24))
                    .contains("held by gpg (" + gnupg + ")");
            var bothWays = cli.run(CLI_TIMEOUT, args(url, "key", "add", "other", secret.toString(), "--gpg", fingerprint));
            assertThat(bothWays.exit()).as("bad input").isEqualTo(2);
            assertThat(bothWays.err()).contains("--gpg adds a key gpg holds: give no FILE");
            var unknownToGpg = cli.run(CLI_TIMEOUT, args(url, "key", "add", "other", "--gpg", "0123456789ABCDEF",
                    "--gpg-home", gnupg.toString()));
            assertThat(unknownToGpg.exit()).isNotZero();
            assertThat(unknownToGpg.err()).contains("gpg has no secret key 0123456789ABCDEF in GNUPGHOME " + gnupg);
            ChildJvm.assertNoStackTrace(unknownToGpg);

            var listed = cli.run(CLI_TIMEOUT, args(url, "key", "list"));
            assertThat(listed.out()).contains("NAME", "ALGORITHM", "KEY ID", "HELD BY", "site", "vendor", "eddsa",
                    "the server", "gpg (" + gnupg + ")");
            JsonNode json = JSON.readTree(cli.run(CLI_TIMEOUT, args(url, "key", "list", "--json")).out());
            assertThat(json.path("keys")).hasSize(3);
            assertThat(json.path("keys").findValuesAsText("held_by")).containsExactly("gpg", "server", "server");
            assertThat(json.path("keys").get(0).path("gpg").path("signing_fingerprint").asText()).isEqualTo(fingerprint);

            var exported = cli.run(CLI_TIMEOUT, args(url, "key", "export", "site"));
            assertThat(exported.exit()).isZero();
            assertThat(exported.out()).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----")
                    .contains("-----END PGP PUBLIC KEY BLOCK-----");
            Path exportedFile = Files.writeString(tmp.resolve("site.asc"), exported.out());
            assertThat(gpg(gnupg, "--import", exportedFile.toString())).isNotNull();
            assertThat(gpg(gnupg, "--list-keys", "site@example.org")).contains("Site <site@example.org>");

            var unknown = cli.run(CLI_TIMEOUT, args(url, "key", "export", "nothing"));
            assertThat(unknown.exit()).isEqualTo(1);
            assertThat(unknown.err()).contains("there is no signing key named 'nothing'");
        }
    }

    private static String gpg(Path home, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("gpg", "--homedir", home.toString(), "--batch",
                "--pinentry-mode", "loopback", "--passphrase", ""));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", args) + ": " + err).isZero();
        return new String(out);
    }

    /** The first fingerprint of a --with-colons listing. */
    private static String fingerprint(String colons) {
        return colons.lines().filter(l -> l.startsWith("fpr:")).findFirst().orElseThrow().split(":")[9];
    }

    private static String[] args(String url, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--server");
        all.add(url);
        return all.toArray(String[]::new);
    }
}
