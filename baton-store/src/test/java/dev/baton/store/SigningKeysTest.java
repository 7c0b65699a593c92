package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.pipeline.signing.DetachedSignatures;
import dev.baton.pipeline.signing.SigningException;
import dev.baton.pipeline.signing.SigningKey;
import dev.baton.pipeline.signing.SigningKey.Algorithm;
import dev.baton.pipeline.signing.SigningKeys;
import dev.baton.pipeline.signing.UnlockedKey;
import dev.baton.pipeline.testing.GpgHome;
import dev.baton.pipeline.testing.ProcessRunner;
import dev.baton.store.testing.PostgresServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.bcpg.BCPGKey;
import org.bouncycastle.bcpg.EdSecretBCPGKey;
import org.bouncycastle.bcpg.RSASecretBCPGKey;
import org.bouncycastle.bcpg.SecretKeyPacket;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The site's signing keys on both stores: created and imported keys are stored encrypted with the server's
 * passphrase (the stored text holds no secret key material in clear), a wrong passphrase is a clear error, the
 * exported public key lets the real gpg verify what Baton signed.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SigningKeysTest {

    static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

    @TempDir
    Path temp;

    @Test
    void onTheEmbeddedStore() throws Exception {
        try (Database db = Database.embedded(temp.resolve("data"), false)) {
            keysAreEncryptedAtRestAndUsable(db);
        }
    }

    @Test
    void onPostgres() throws Exception {
        try (Database db = Database.postgres(PostgresServer.shared().createDatabase())) {
            keysAreEncryptedAtRestAndUsable(db);
        }
    }

    private void keysAreEncryptedAtRestAndUsable(Database db) throws Exception {
        // Real time: gpg ignores a key whose self-signature is dated in the future (the test clock's 2030).
        InstantSource clock = InstantSource.system();
        SigningKeys keys = new SigningKeys(new SqlSigningKeyStore(db), PASSPHRASE, clock);

        SigningKey rsa = keys.create("site", Algorithm.RSA, "Site Packages <packages@example.org>", "alice");
        SigningKey eddsa = keys.create("site-ed", Algorithm.EDDSA, null, "alice");
        assertThat(rsa.keyId()).matches("[0-9A-F]{16}");
        assertThat(rsa.fingerprint()).matches("[0-9A-F]{40}").endsWith(rsa.keyId());
        assertThat(eddsa.userId()).isEqualTo("Baton package signing key (site-ed)");
        assertThat(keys.list()).containsExactly(rsa, eddsa);
        assertThat(keys.find("site")).contains(rsa);

        for (SigningKey key : keys.list()) {
            UnlockedKey unlocked = (UnlockedKey) keys.forSigning(key.name());
            assertSecretNotInClear(db, key.name(), unlocked);
            gpgVerifiesWhatBatonSigned(keys.exportPublic(key.name()), unlocked);
        }

        // A second server with the same passphrase uses the same keys; with another one it gets a clear error.
        SigningKeys sameServer = new SigningKeys(new SqlSigningKeyStore(db), PASSPHRASE, clock);
        assertThat(sameServer.forSigning("site").signingKeyId()).isEqualTo(rsa.keyId());
        SigningKeys wrong = new SigningKeys(new SqlSigningKeyStore(db), "wrong".toCharArray(), clock);
        assertThatThrownBy(() -> wrong.forSigning("site")).isInstanceOf(SigningException.class)
                .hasMessage("the signing passphrase does not unlock key 'site' (" + rsa.keyId() + "): start the "
                        + "server with the passphrase the key was stored with (--signing-passphrase-file or "
                        + "BATON_SIGNING_PASSPHRASE)");
        SigningKeys none = new SigningKeys(new SqlSigningKeyStore(db), null, clock);
        assertThat(none.exportPublic("site")).isEqualTo(rsa.publicKeyArmored());
        assertThatThrownBy(() -> none.forSigning("site")).isInstanceOf(SigningException.class)
                .hasMessageContaining("--signing-passphrase-file FILE or the environment variable "
                        + "BATON_SIGNING_PASSPHRASE");

        assertThatThrownBy(() -> keys.create("site", Algorithm.EDDSA, null, "bob"))
                .isInstanceOf(SigningException.class).hasMessageContaining("'site' exists already");
        assertThatThrownBy(() -> keys.create("Bad Name", Algorithm.EDDSA, null, "bob"))
                .isInstanceOf(SigningException.class).hasMessageContaining("key name");
        assertThatThrownBy(() -> keys.forSigning("nope")).isInstanceOf(SigningException.class)
                .hasMessage("there is no signing key named 'nope'");

        importsAGpgKey(db, keys);
    }

    private void importsAGpgKey(Database db, SigningKeys keys) throws Exception {
        try (GpgHome gpg = GpgHome.create()) {
            String vendorId = gpg.generateKey(GpgHome.Algorithm.RSA, "Vendor <vendor@example.org>");
            String secret = gpg.exportSecret(vendorId);

            SigningKey imported = keys.importSecret("vendor", secret, new char[0], "bob");
            assertThat(imported.keyId()).isEqualTo(vendorId);
            assertThat(imported.algorithm()).isEqualTo(Algorithm.RSA);
            UnlockedKey unlocked = (UnlockedKey) keys.forSigning("vendor");
            assertSecretNotInClear(db, "vendor", unlocked);
            gpgVerifiesWhatBatonSigned(keys.exportPublic("vendor"), unlocked);

            assertThatThrownBy(() -> keys.importSecret("vendor2", secret, new char[0], "bob"))
                    .isInstanceOf(SigningException.class).hasMessageContaining("stored already under another name");
            assertThatThrownBy(() -> keys.importSecret("pub", gpg.exportPublic(vendorId), new char[0], "bob"))
                    .isInstanceOf(SigningException.class).hasMessageContaining("this is a public key");
            assertThatThrownBy(() -> keys.importSecret("junk", "junk", new char[0], "bob"))
                    .isInstanceOf(SigningException.class).hasMessageContaining("not an armored OpenPGP secret key");
        }
        // A key protected with its own passphrase: the right one imports it, a wrong one is a clear error.
        SigningKeys elsewhere = new SigningKeys(new SqlSigningKeyStore(db), "export pass".toCharArray(),
                InstantSource.system());
        String protectedKey = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT secret_key FROM signing_keys WHERE name = 'site-ed'").mapTo(String.class).one());
        assertThatThrownBy(() -> elsewhere.importSecret("moved", protectedKey, "wrong".toCharArray(), "bob"))
                .isInstanceOf(SigningException.class)
                .hasMessage("the passphrase does not unlock the imported key: give the passphrase the key was "
                        + "exported with");
    }

    /** The stored text is an OpenPGP secret key whose secret part is encrypted: its key material appears nowhere. */
    private static void assertSecretNotInClear(Database db, String name, UnlockedKey unlocked) throws Exception {
        String stored = db.jdbi().withHandle(h -> h.createQuery("SELECT secret_key FROM signing_keys WHERE name = :n")
                .bind("n", name).mapTo(String.class).one());
        byte[] binary = PGPUtil.getDecoderStream(new ByteArrayInputStream(stored.getBytes(StandardCharsets.US_ASCII)))
                .readAllBytes();
        BCPGKey material = unlocked.privateKey().getPrivateKeyDataPacket();
        byte[] secret = material instanceof RSASecretBCPGKey rsa ? BigIntegers.asUnsignedByteArray(rsa.getPrivateExponent())
                : BigIntegers.asUnsignedByteArray(((EdSecretBCPGKey) material).getX());
        assertThat(secret.length).isGreaterThanOrEqualTo(31);
        assertThat(indexOf(binary, secret)).as("private key material in clear").isEqualTo(-1);
        assertThat(indexOf(stored.getBytes(StandardCharsets.US_ASCII), new String(PASSPHRASE)
                .getBytes(StandardCharsets.US_ASCII))).as("the passphrase").isEqualTo(-1);
        PGPSecretKeyRing ring = new PGPSecretKeyRing(binary, new BcKeyFingerprintCalculator());
        for (PGPSecretKey key : ring) {
            assertThat(key.getS2KUsage()).isEqualTo(SecretKeyPacket.USAGE_SHA1);
            assertThat(key.getKeyEncryptionAlgorithm()).isEqualTo(9); // AES-256
        }
    }

    private void gpgVerifiesWhatBatonSigned(String publicKey, UnlockedKey key) throws Exception {
        byte[] data = ("repomd of " + key.key().name()).getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(temp.resolve("repomd-" + key.key().name() + ".xml"), data);
        Path asc = Files.writeString(temp.resolve("repomd-" + key.key().name() + ".xml.asc"),
                DetachedSignatures.signArmored(data, key));
        try (GpgHome gpg = GpgHome.create()) {
            gpg.importKey(Files.writeString(temp.resolve(key.key().name() + ".asc"), publicKey));
            ProcessRunner.Result result = gpg.verifyDetached(asc, file);
            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).contains("Good signature");
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
