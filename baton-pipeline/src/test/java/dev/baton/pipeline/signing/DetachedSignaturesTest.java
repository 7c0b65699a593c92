package dev.baton.pipeline.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.pipeline.signing.Verification.Status;
import dev.baton.pipeline.testing.GpgHome;
import dev.baton.pipeline.testing.ProcessRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** repomd.xml.asc: Baton's detached signatures checked by the real gpg, and gpg's checked by Baton. */
class DetachedSignaturesTest {

    @TempDir
    Path dir;
    static final byte[] REPOMD = "<?xml version=\"1.0\"?>\n<repomd><revision>1</revision></repomd>\n"
            .getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @EnumSource(SigningKey.Algorithm.class)
    void gpgVerifiesBatonsSignature(SigningKey.Algorithm algorithm) throws Exception {
        UnlockedKey key = TestKeys.site(algorithm);
        String armored = DetachedSignatures.signArmored(REPOMD, key);
        assertThat(armored).startsWith("-----BEGIN PGP SIGNATURE-----").doesNotContain("Version:");
        Path repomd = Files.write(dir.resolve("repomd.xml"), REPOMD);
        Path asc = Files.writeString(dir.resolve("repomd.xml.asc"), armored);

        try (GpgHome gpg = GpgHome.create()) {
            gpg.importKey(Files.writeString(dir.resolve("site.asc"), key.key().publicKeyArmored()));
            ProcessRunner.Result ok = gpg.verifyDetached(asc, repomd);
            assertThat(ok.exitCode()).as(ok.output()).isZero();
            assertThat(ok.output()).contains("Good signature from \"" + key.key().userId() + "\"");

            Files.writeString(repomd, "<repomd>changed</repomd>");
            assertThat(gpg.verifyDetached(asc, repomd).exitCode()).isNotZero();
        }
    }

    @Test
    void batonVerifiesItsOwnAndGpgsSignatures() throws Exception {
        UnlockedKey site = TestKeys.site(SigningKey.Algorithm.EDDSA);
        UnlockedKey other = TestKeys.site(SigningKey.Algorithm.RSA);
        String armored = DetachedSignatures.signArmored(REPOMD, site);

        assertThat(DetachedSignatures.verify(REPOMD, armored, TestKeys.publicKeys(site)))
                .isEqualTo(new Verification(Status.OK, site.signingKeyId(), "signed by key " + site.signingKeyId()));
        assertThat(DetachedSignatures.verify(REPOMD, armored, TestKeys.publicKeys(other)).status())
                .isEqualTo(Status.UNKNOWN_KEY);
        byte[] changed = REPOMD.clone();
        changed[10] ^= 1;
        assertThat(DetachedSignatures.verify(changed, armored, TestKeys.publicKeys(site)).status())
                .isEqualTo(Status.BAD_SIGNATURE);
        assertThat(DetachedSignatures.verify(REPOMD, "", TestKeys.publicKeys(site)).status())
                .isEqualTo(Status.UNSIGNED);
        assertThat(DetachedSignatures.verify(REPOMD, "garbage", TestKeys.publicKeys(site)).status())
                .isEqualTo(Status.BAD_SIGNATURE);

        try (GpgHome gpg = GpgHome.create()) {
            String vendor = gpg.generateKey(GpgHome.Algorithm.RSA, "Vendor <vendor@example.org>");
            Path repomd = Files.write(dir.resolve("repomd.xml"), REPOMD);
            String gpgSignature = Files.readString(gpg.detachSign(repomd, vendor));
            Verification v = DetachedSignatures.verify(REPOMD, gpgSignature,
                    PublicKeys.readArmored(gpg.exportPublic(vendor)));
            assertThat(v.status()).isEqualTo(Status.OK);
            assertThat(v.keyId()).isEqualTo(vendor);
        }
    }
}
