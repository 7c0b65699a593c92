package dev.baton.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The signing passphrase: from a file only the server may read (else refused, clearly), or the environment. */
class SigningPassphraseTest {

    @TempDir Path tmp;

    @Test
    void aPrivateFileGivesThePassphraseWithoutItsNewline() throws Exception {
        Path file = secret("correct horse\n", "rw-------");
        SigningPassphrase p = SigningPassphrase.from(file, "ignored: the file wins");
        assertThat(new String(p.chars())).isEqualTo("correct horse");
        assertThat(p.toString()).doesNotContain("horse");
        assertThat(ServerSettings.defaults().withSigningPassphrase(p).toString()).doesNotContain("horse");
    }

    @Test
    void theEnvironmentWhenNoFileAndNoneWithoutEither() {
        assertThat(new String(SigningPassphrase.from(null, "from env").chars())).isEqualTo("from env");
        assertThat(SigningPassphrase.from(null, null).isSet()).isFalse();
        assertThat(SigningPassphrase.from(null, "").isSet()).isFalse();
        assertThat(ServerSettings.defaults().signingPassphrase()).isEqualTo(SigningPassphrase.NONE);
    }

    @Test
    void aFileOthersMayReadIsRefusedWithoutShowingIt() throws Exception {
        for (String mode : new String[] {"rw-r--r--", "rw-r-----"}) {
            Path file = secret("do not print me", mode);
            assertThatThrownBy(() -> SigningPassphrase.from(file, null))
                    .hasMessageContaining("is readable by others").hasMessageContaining("chmod 600 " + file)
                    .hasMessageNotContaining("do not print me");
        }
    }

    @Test
    void anEmptyOrMissingFileIsRefused() throws Exception {
        Path empty = secret("\n", "rw-------");
        assertThatThrownBy(() -> SigningPassphrase.from(empty, null)).hasMessageContaining("is empty");
        assertThatThrownBy(() -> SigningPassphrase.from(tmp.resolve("missing"), null))
                .hasMessageContaining("cannot be read");
    }

    @Test
    void theServerCommandRefusesAReadableFileAsABadOption() throws Exception {
        Path file = secret("do not print me", "rw-r--r--");
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new ServerCommand());
        cmd.setErr(new PrintWriter(err));
        int exit = cmd.execute("--port", "0", "--data", tmp.resolve("data").toString(),
                "--signing-passphrase-file", file.toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--signing-passphrase-file " + file + " is readable by others")
                .doesNotContain("do not print me").doesNotContain("Exception");
    }

    private Path secret(String text, String mode) throws Exception {
        Path file = Files.writeString(tmp.resolve("pass-" + mode), text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }
}
