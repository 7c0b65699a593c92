package dev.baton.pipeline.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.pipeline.rpm.RpmFile;
import dev.baton.pipeline.rpm.RpmTag;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixtures do what other modules' tests rely on: real keys, real rpmsign signatures, real detached signatures. */
class GpgHomeTest {

    @TempDir
    Path dir;

    @Test
    void signsAPackageWithRpmsignAndAFileWithADetachedSignature() throws Exception {
        Path rpm = RpmBuilder.named("signed").build(dir);
        try (GpgHome gpg = GpgHome.create()) {
            String keyId = gpg.generateKey(GpgHome.Algorithm.EDDSA, "Vendor <vendor@example.org>");
            assertThat(keyId).matches("[0-9A-F]{16}");
            assertThat(gpg.exportPublic(keyId)).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----");

            long size = Files.size(rpm);
            gpg.rpmSign(rpm, keyId);
            assertThat(Files.size(rpm)).isEqualTo(size);
            assertThat(RpmFile.open(rpm).signature().has(RpmTag.SIG_DSA)).isTrue();

            Path file = Files.writeString(dir.resolve("repomd.xml"), "<repomd/>");
            Path asc = gpg.detachSign(file, keyId);
            assertThat(gpg.verifyDetached(asc, file).exitCode()).isZero();
            Files.writeString(file, "<repomd>changed</repomd>");
            assertThat(gpg.verifyDetached(asc, file).exitCode()).isNotZero();
        }
    }
}
