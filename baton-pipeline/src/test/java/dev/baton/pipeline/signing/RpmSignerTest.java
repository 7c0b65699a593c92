package dev.baton.pipeline.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.pipeline.rpm.RpmFile;
import dev.baton.pipeline.rpm.RpmTag;
import dev.baton.pipeline.testing.ProcessRunner;
import dev.baton.pipeline.testing.RpmBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Baton's signed copies, checked by the real {@code rpmkeys --checksig} and {@code rpm -K} of rpm 4.18. */
class RpmSignerTest {

    @TempDir
    Path dir;
    Path unsigned;
    final RpmSigner signer = new RpmSigner();

    @BeforeEach
    void build() {
        unsigned = RpmBuilder.named("hello").version("1.1").file("/usr/share/hello/greeting", "hello\n").build(dir);
    }

    /** A fresh rpm database holding exactly these public keys. */
    private Path rpmdb(UnlockedKey... keys) throws Exception {
        Path db = Files.createTempDirectory(dir, "rpmdb");
        for (UnlockedKey key : keys) {
            Path asc = Files.writeString(Files.createTempFile(dir, "key", ".asc"), key.key().publicKeyArmored());
            ProcessRunner.run(null, Map.of(), List.of("rpmkeys", "--dbpath", db.toString(), "--import", asc.toString()));
        }
        return db;
    }

    private static ProcessRunner.Result checksig(Path db, Path rpm, String tool) {
        List<String> command = tool.equals("rpm")
                ? List.of("rpm", "--dbpath", db.toString(), "-Kv", rpm.toString())
                : List.of("rpmkeys", "--dbpath", db.toString(), "--checksig", "-v", rpm.toString());
        return ProcessRunner.exec(null, Map.of("LC_ALL", "C"), command);
    }

    @ParameterizedTest
    @EnumSource(SigningKey.Algorithm.class)
    void rpmkeysAndRpmAcceptTheSignedCopy(SigningKey.Algorithm algorithm) throws Exception {
        UnlockedKey key = TestKeys.site(algorithm);
        byte[] original = Files.readAllBytes(unsigned);
        Path signed = dir.resolve("signed.rpm");

        RpmFile copy = signer.sign(unsigned, key, signed);

        assertThat(Files.readAllBytes(unsigned)).as("the original is never changed").isEqualTo(original);
        assertThat(Files.size(signed)).as("reserved space keeps the size").isEqualTo(original.length);
        int tag = algorithm == SigningKey.Algorithm.RSA ? RpmTag.SIG_RSA : RpmTag.SIG_DSA;
        assertThat(copy.signature().has(tag)).isTrue();
        byte[] signedBytes = Files.readAllBytes(signed);
        RpmFile before = RpmFile.open(unsigned);
        assertThat(Arrays.copyOfRange(signedBytes, (int) copy.headerStart(), signedBytes.length))
                .isEqualTo(Arrays.copyOfRange(original, (int) before.headerStart(), original.length));

        Path db = rpmdb(key);
        String shortId = key.signingKeyId().substring(8).toLowerCase(Locale.ROOT);
        String kind = algorithm == SigningKey.Algorithm.RSA ? "RSA" : "EdDSA";
        for (String tool : List.of("rpmkeys", "rpm")) {
            ProcessRunner.Result result = checksig(db, signed, tool);
            assertThat(result.exitCode()).as(tool + ": " + result.output()).isZero();
            assertThat(result.output()).contains("Header V4 " + kind + "/SHA256 Signature, key ID " + shortId + ": OK")
                    .contains("Header SHA256 digest: OK").contains("Payload SHA256 digest: OK")
                    .doesNotContain("NOKEY").doesNotContain("BAD");
        }
        ProcessRunner.Result nokey = checksig(rpmdb(), signed, "rpmkeys");
        assertThat(nokey.exitCode()).as(nokey.output()).isEqualTo(1);
        assertThat(nokey.output()).contains("NOKEY");
    }

    @Test
    void reSigningOrSigningWithASecondKeyStartsFromTheUnsignedOriginal() throws Exception {
        UnlockedKey rsa = TestKeys.site(SigningKey.Algorithm.RSA);
        UnlockedKey eddsa = TestKeys.site(SigningKey.Algorithm.EDDSA);
        Path first = signer.sign(unsigned, rsa, dir.resolve("first.rpm")).path();
        RpmFile second = signer.sign(first, eddsa, dir.resolve("second.rpm"));
        RpmFile again = signer.sign(second.path(), eddsa, dir.resolve("again.rpm"));

        for (RpmFile resigned : List.of(second, again)) {
            assertThat(resigned.signature().has(RpmTag.SIG_RSA)).isFalse();
            assertThat(resigned.signature().has(RpmTag.SIG_DSA)).isTrue();
            assertThat(resigned.size()).isEqualTo(Files.size(unsigned));
            assertThat(new PackageVerifier().verify(resigned.path(), TestKeys.publicKeys(eddsa)).status())
                    .isEqualTo(Verification.Status.OK);
            assertThat(new PackageVerifier().verify(resigned.path(), TestKeys.publicKeys(rsa)).status())
                    .isEqualTo(Verification.Status.UNKNOWN_KEY);
            ProcessRunner.Result result = checksig(rpmdb(eddsa), resigned.path(), "rpmkeys");
            assertThat(result.exitCode()).as(result.output()).isZero();
        }
    }

    @Test
    void neverSignsInPlaceNorADamagedPackage() throws Exception {
        UnlockedKey key = TestKeys.site(SigningKey.Algorithm.EDDSA);
        assertThatThrownBy(() -> signer.sign(unsigned, key, unsigned)).isInstanceOf(SigningException.class)
                .hasMessageContaining("never signed in place");

        byte[] bytes = Files.readAllBytes(unsigned);
        RpmFile rpm = RpmFile.open(unsigned);
        bytes[(int) rpm.headerEnd() - 3] ^= 0x01;
        Path damaged = Files.write(dir.resolve("damaged.rpm"), bytes);
        assertThatThrownBy(() -> signer.sign(damaged, key, dir.resolve("out.rpm")))
                .isInstanceOf(SigningException.class).hasMessageContaining("damaged.rpm is damaged");
        assertThat(dir.resolve("out.rpm")).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".signing"));
        }
    }

    @Test
    void aBatchSignedOnSeveralThreadsGivesEachPackageTheCopyThatSigningItAloneGives() throws Exception {
        UnlockedKey key = TestKeys.site(SigningKey.Algorithm.RSA);
        List<RpmSigner.Signing> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Path rpm = RpmBuilder.named("batch" + i).file("/usr/share/batch/" + i, "package " + i + "\n").build(dir);
            batch.add(new RpmSigner.Signing(rpm, dir.resolve("signed-" + i + ".rpm")));
        }

        signer.signAll(batch, key, 3);

        PublicKeys trusted = TestKeys.publicKeys(key);
        for (RpmSigner.Signing s : batch) {
            assertThat(new PackageVerifier().verify(s.out(), trusted).status()).isEqualTo(Verification.Status.OK);
            Path alone = signer.sign(s.unsigned(), key, dir.resolve("alone.rpm")).path();
            // The signature's creation time may differ by a second; everything around it is the same.
            assertThat(Files.size(s.out())).isEqualTo(Files.size(alone)).isEqualTo(Files.size(s.unsigned()));
            RpmFile copy = RpmFile.open(s.out());
            assertThat(copy.signature().string(RpmTag.SHA256HEADER))
                    .isEqualTo(RpmFile.open(alone).signature().string(RpmTag.SHA256HEADER));
        }
        ProcessRunner.Result result = checksig(rpmdb(key), batch.get(5).out(), "rpmkeys");
        assertThat(result.exitCode()).as(result.output()).isZero();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".signing"));
        }
    }

    @Test
    void aBatchWithADamagedPackageWritesNoneOfItsCopies() throws Exception {
        UnlockedKey key = TestKeys.site(SigningKey.Algorithm.EDDSA);
        byte[] bytes = Files.readAllBytes(unsigned);
        RpmFile rpm = RpmFile.open(unsigned);
        bytes[(int) rpm.headerEnd() - 3] ^= 0x01;
        Path damaged = Files.write(dir.resolve("damaged.rpm"), bytes);
        List<RpmSigner.Signing> batch = List.of(new RpmSigner.Signing(unsigned, dir.resolve("good.rpm")),
                new RpmSigner.Signing(damaged, dir.resolve("bad.rpm")));

        assertThatThrownBy(() -> signer.signAll(batch, key, 2)).isInstanceOf(SigningException.class)
                .hasMessageContaining("damaged.rpm is damaged");

        assertThat(dir.resolve("good.rpm")).doesNotExist();
        assertThat(dir.resolve("bad.rpm")).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".signing"));
        }
    }
}
