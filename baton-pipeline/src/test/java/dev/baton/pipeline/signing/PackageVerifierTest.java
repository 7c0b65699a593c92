package dev.baton.pipeline.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.pipeline.rpm.RpmFile;
import dev.baton.pipeline.rpm.RpmTag;
import dev.baton.pipeline.signing.Verification.Status;
import dev.baton.pipeline.testing.GpgHome;
import dev.baton.pipeline.testing.RpmBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Packages signed by the real {@code rpmsign} with gpg keys, checked by Baton. */
class PackageVerifierTest {

    @TempDir
    static Path dir;
    static GpgHome gpg;
    static String rsaId;
    static String eddsaId;
    static PublicKeys vendorRsa;
    static PublicKeys vendorEddsa;
    static Path unsigned;
    static Path signedRsa;
    static Path signedEddsa;
    final PackageVerifier verifier = new PackageVerifier();

    @BeforeAll
    static void signWithRpmsign() throws Exception {
        gpg = GpgHome.create();
        rsaId = gpg.generateKey(GpgHome.Algorithm.RSA, "Vendor RSA <rsa@example.org>");
        eddsaId = gpg.generateKey(GpgHome.Algorithm.EDDSA, "Vendor EdDSA <eddsa@example.org>");
        vendorRsa = PublicKeys.readArmored(gpg.exportPublic(rsaId));
        vendorEddsa = PublicKeys.readArmored(gpg.exportPublic(eddsaId));
        unsigned = RpmBuilder.named("tool").version("2.0").file("/usr/bin/tool-data", "x".repeat(5000)).build(dir);
        signedRsa = Files.copy(unsigned, dir.resolve("tool-rsa.rpm"));
        gpg.rpmSign(signedRsa, rsaId);
        signedEddsa = Files.copy(unsigned, dir.resolve("tool-eddsa.rpm"));
        gpg.rpmSign(signedEddsa, eddsaId);
    }

    @AfterAll
    static void closeGpg() {
        gpg.close();
    }

    @Test
    void aPackageSignedByRpmsignIsOkWithTheVendorsKey() throws Exception {
        Verification rsa = verifier.verify(signedRsa, vendorRsa);
        assertThat(rsa).isEqualTo(new Verification(Status.OK, rsaId,
                "signed by key " + rsaId + "; header and payload digests match"));
        Verification eddsa = verifier.verify(signedEddsa, vendorEddsa.plus(vendorRsa));
        assertThat(eddsa.status()).isEqualTo(Status.OK);
        assertThat(eddsa.keyId()).isEqualTo(eddsaId);
    }

    @Test
    void withoutTheKeyItIsUnknownKey() throws Exception {
        Verification v = verifier.verify(signedRsa, vendorEddsa);
        assertThat(v.status()).isEqualTo(Status.UNKNOWN_KEY);
        assertThat(v.keyId()).isEqualTo(rsaId);
        assertThat(v.detail()).contains(rsaId).contains("not among the trusted keys");
        assertThat(verifier.verify(signedRsa, PublicKeys.none()).status()).isEqualTo(Status.UNKNOWN_KEY);
    }

    @Test
    void anUnsignedPackageIsUnsignedEvenThoughItsDigestsMatch() throws Exception {
        Verification v = verifier.verify(unsigned, vendorRsa.plus(vendorEddsa));
        assertThat(v.status()).isEqualTo(Status.UNSIGNED);
        assertThat(v.keyId()).isNull();
    }

    @Test
    void aChangedPayloadByteIsBadDigestUnderAnIntactSignature() throws Exception {
        for (Path signed : new Path[] {signedRsa, signedEddsa}) {
            byte[] bytes = Files.readAllBytes(signed);
            RpmFile rpm = RpmFile.open(signed);
            int at = (int) rpm.payloadStart() + (bytes.length - (int) rpm.payloadStart()) / 2;
            bytes[at] ^= 0x40;
            Path tampered = Files.write(dir.resolve("payload-" + signed.getFileName()), bytes);

            Verification v = verifier.verify(tampered, vendorRsa.plus(vendorEddsa));
            assertThat(v.status()).isEqualTo(Status.BAD_DIGEST);
            assertThat(v.detail()).contains("the payload was changed");
        }
    }

    @Test
    void aChangedSignedHeaderByteIsBadSignature() throws Exception {
        for (Path signed : new Path[] {signedRsa, signedEddsa}) {
            byte[] bytes = Files.readAllBytes(signed);
            RpmFile rpm = RpmFile.open(signed);
            String summary = rpm.header().string(RpmTag.SUMMARY);
            int at = indexOf(bytes, summary.getBytes(StandardCharsets.UTF_8), (int) rpm.headerStart());
            bytes[at] = (byte) 'X';
            Path tampered = Files.write(dir.resolve("header-" + signed.getFileName()), bytes);

            Verification v = verifier.verify(tampered, vendorRsa.plus(vendorEddsa));
            assertThat(v.status()).as(v.detail()).isEqualTo(Status.BAD_SIGNATURE);
            assertThat(v.detail()).contains("signed header was changed");
        }
    }

    @Test
    void batonsOwnSignaturesVerifyToo() throws Exception {
        UnlockedKey site = TestKeys.site(SigningKey.Algorithm.RSA);
        Path signed = new RpmSigner().sign(signedEddsa, site, dir.resolve("tool-site.rpm")).path();
        assertThat(verifier.verify(signed, TestKeys.publicKeys(site)).status()).isEqualTo(Status.OK);
        assertThat(verifier.verify(signed, vendorEddsa).status()).isEqualTo(Status.UNKNOWN_KEY);
    }

    private static int indexOf(byte[] bytes, byte[] needle, int from) {
        outer:
        for (int i = from; i <= bytes.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
