package dev.baton.pipeline.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Running gpg when it is not there or does not end: a missing program says what to install, and a gpg that hangs
 * (as one waiting for a PIN nobody types) is killed after the timeout, even with more input than a pipe holds.
 */
class GpgTest {

    @TempDir
    Path temp;

    @Test
    void aMissingGpgSaysWhatToInstall() {
        Gpg gpg = new Gpg(temp.resolve("no-gpg-here").toString(), Duration.ofSeconds(5));
        assertThatThrownBy(() -> gpg.listSecret(null, "0123456789ABCDEF")).isInstanceOf(Gpg.GpgException.class)
                .hasMessageContaining("install GnuPG 2.2 or later");
    }

    @Test
    void aGpgThatHangsIsKilledAfterTheTimeout() throws Exception {
        Path hanging = Files.writeString(temp.resolve("gpg"), "#!/bin/sh\nexec sleep 60\n");
        Files.setPosixFilePermissions(hanging, PosixFilePermissions.fromString("rwx------"));
        Gpg gpg = new Gpg(hanging.toString(), Duration.ofSeconds(1));
        Instant start = Instant.now();
        assertThatThrownBy(() -> gpg.detachSign(null, "0".repeat(40), new byte[1 << 20]))
                .isInstanceOf(Gpg.GpgException.class).hasMessageStartingWith("gpg did not finish within 1 s");
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void whatGpgSaysLastIsTheComplaint() {
        Gpg.Result result = new Gpg.Result(2, new byte[0], "gpg: using key X\ngpg: signing failed: No secret key\n\n");
        assertThat(result.complaint()).isEqualTo("gpg: using key X; gpg: signing failed: No secret key");
        assertThat(new Gpg.Result(2, new byte[0], "").complaint()).isEqualTo("gpg exited with code 2 and said nothing");
    }
}
