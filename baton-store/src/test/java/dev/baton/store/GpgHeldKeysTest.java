package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.pipeline.signing.DetachedSignatures;
import dev.baton.pipeline.signing.GpgAgentKey;
import dev.baton.pipeline.signing.KeySigner;
import dev.baton.pipeline.signing.PublicKeys;
import dev.baton.pipeline.signing.RpmSigner;
import dev.baton.pipeline.signing.SigningException;
import dev.baton.pipeline.signing.SigningKey;
import dev.baton.pipeline.signing.SigningKeys;
import dev.baton.pipeline.signing.Verification;
import dev.baton.pipeline.testing.GpgHome;
import dev.baton.pipeline.testing.ProcessRunner;
import dev.baton.pipeline.testing.RpmBuilder;
import dev.baton.store.testing.PostgresServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys held by an external gpg agent, on both stores, with the real gpg and gpg-agent in a throw-away GNUPGHOME:
 * the server stores the public key and the reference and no secret; packages and repomd.xml signed through gpg are
 * accepted by rpmkeys, rpm -K and gpg --verify; a key whose passphrase the agent does not have fails with a message
 * naming the key and what to do, and signs once the passphrase is preset; bad references are refused at add.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class GpgHeldKeysTest {

    static final String LOCKED_PASSPHRASE = "agent passphrase";

    @TempDir
    Path temp;

    @Test
    void onTheEmbeddedStore() throws Exception {
        try (Database db = Database.embedded(temp.resolve("data"), false)) {
            keysHeldByGpgSignThroughTheAgent(db);
        }
    }

    @Test
    void onPostgres() throws Exception {
        try (Database db = Database.postgres(PostgresServer.shared().createDatabase())) {
            keysHeldByGpgSignThroughTheAgent(db);
        }
    }

    private void keysHeldByGpgSignThroughTheAgent(Database db) throws Exception {
        // Real time: gpg ignores keys and signatures dated in the future.
        SigningKeys keys = new SigningKeys(new SqlSigningKeyStore(db), null, InstantSource.system());
        Path rpm = RpmBuilder.named("hello").version("1.1").file("/usr/share/hello/greeting", "hello\n")
                .build(Files.createDirectories(temp.resolve("built")));
        try (GpgHome gpg = GpgHome.create()) {
            String rsaId = gpg.generateKey(GpgHome.Algorithm.RSA, "Agent RSA <rsa@example.org>");
            String edId = gpg.generateKey(GpgHome.Algorithm.EDDSA, "Agent Ed <ed@example.org>");
            String lockedId = gpg.generateKey(GpgHome.Algorithm.RSA, "Agent Locked <locked@example.org>",
                    LOCKED_PASSPHRASE);

            // Added without a server passphrase: the server never holds these keys' secrets.
            SigningKey rsa = keys.addGpg("agent-rsa", rsaId, gpg.home(), "alice");
            SigningKey ed = keys.addGpg("agent-ed", gpg.fingerprintOf(edId), gpg.home(), "alice");
            assertThat(rsa.holder()).isEqualTo(SigningKey.Holder.GPG);
            assertThat(rsa.keyId()).isEqualTo(rsaId);
            assertThat(rsa.algorithm()).isEqualTo(SigningKey.Algorithm.RSA);
            assertThat(rsa.gpg()).isEqualTo(new SigningKey.GpgReference(gpg.fingerprintOf(rsaId), gpg.home().toString()));
            assertThat(ed.algorithm()).isEqualTo(SigningKey.Algorithm.EDDSA);
            assertThat(PublicKeys.readArmored(rsa.publicKeyArmored()).keyIds()).contains(rsaId);
            assertThat(keys.list()).extracting(SigningKey::name, SigningKey::holder).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("agent-ed", SigningKey.Holder.GPG),
                    org.assertj.core.groups.Tuple.tuple("agent-rsa", SigningKey.Holder.GPG));
            int secrets = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM signing_keys "
                    + "WHERE secret_key IS NOT NULL").mapTo(Integer.class).one());
            assertThat(secrets).as("secrets stored").isZero();
            assertThat(new SigningKeys(new SqlSigningKeyStore(db), null, InstantSource.system()).find("agent-rsa"))
                    .contains(rsa);

            for (SigningKey key : List.of(rsa, ed)) {
                KeySigner signer = keys.forSigning(key.name());
                assertThat(signer).isInstanceOf(GpgAgentKey.class);
                rpmToolsAcceptThePackageSignedBy(signer, rpm);
                gpgVerifiesTheRepomdSignedBy(signer);
            }

            // A key whose passphrase the agent does not have: added (listing needs no passphrase), but signing
            // fails naming the key and what to do, and signs once the passphrase is preset in the agent.
            keys.addGpg("agent-locked", lockedId, gpg.home(), "alice");
            KeySigner locked = keys.forSigning("agent-locked");
            byte[] repomd = "<repomd/>".getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> locked.sign(repomd)).isInstanceOf(SigningException.class)
                    .hasMessageContaining("gpg could not sign with key 'agent-locked' (" + lockedId)
                    .hasMessageContaining("GNUPGHOME " + gpg.home())
                    .hasMessageContaining("Nothing was signed")
                    .hasMessageContaining("gpg-preset-passphrase")
                    .hasMessageNotContaining(LOCKED_PASSPHRASE);
            gpg.presetPassphrase(lockedId, LOCKED_PASSPHRASE);
            gpgVerifiesTheRepomdSignedBy(locked);

            // Bad references are refused at add, naming what is wrong; nothing is stored.
            assertThatThrownBy(() -> keys.addGpg("nope", "0123456789ABCDEF", gpg.home(), "alice"))
                    .isInstanceOf(SigningException.class)
                    .hasMessageStartingWith("gpg has no secret key 0123456789ABCDEF in GNUPGHOME " + gpg.home());
            assertThatThrownBy(() -> keys.addGpg("nope", "Agent RSA", gpg.home(), "alice"))
                    .isInstanceOf(SigningException.class).hasMessageContaining("fingerprint (40 hex digits)");
            assertThatThrownBy(() -> keys.addGpg("nope", rsaId, temp.resolve("no-such-home"), "alice"))
                    .isInstanceOf(SigningException.class).hasMessageContaining("is not an absolute path to a directory");
            Path shared = Files.createDirectories(temp.resolve("shared-home"));
            Files.setPosixFilePermissions(shared, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwx---"));
            assertThatThrownBy(() -> keys.addGpg("nope", rsaId, shared, "alice"))
                    .isInstanceOf(SigningException.class).hasMessageContaining("writable by it alone (chmod 700)");
            assertThatThrownBy(() -> keys.addGpg("again", rsaId, gpg.home(), "alice"))
                    .isInstanceOf(SigningException.class).hasMessageContaining("stored already under another name");
            assertThat(keys.find("nope")).isEmpty();
            assertThat(keys.find("again")).isEmpty();
        }
        // The agent and its home are gone: signing fails clearly instead of publishing anything unsigned.
        assertThatThrownBy(() -> keys.forSigning("agent-rsa").sign(new byte[] {1}))
                .isInstanceOf(SigningException.class)
                .hasMessageContaining("gpg could not sign with key 'agent-rsa'");
    }

    private void rpmToolsAcceptThePackageSignedBy(KeySigner signer, Path rpm) throws Exception {
        Path signed = temp.resolve(signer.key().name() + ".rpm");
        new RpmSigner().sign(rpm, signer, signed);
        Path rpmdb = Files.createDirectories(temp.resolve("rpmdb-" + signer.key().name()));
        Path asc = Files.writeString(temp.resolve(signer.key().name() + ".asc"), signer.key().publicKeyArmored());
        ProcessRunner.run(null, Map.of(), List.of("rpmkeys", "--dbpath", rpmdb.toString(), "--import", asc.toString()));
        String kind = signer.key().algorithm() == SigningKey.Algorithm.RSA ? "RSA" : "EdDSA";
        String shortId = signer.signingKeyId().substring(8).toLowerCase(Locale.ROOT);
        for (List<String> command : List.of(
                List.of("rpmkeys", "--dbpath", rpmdb.toString(), "--checksig", "-v", signed.toString()),
                List.of("rpm", "--dbpath", rpmdb.toString(), "-Kv", signed.toString()))) {
            ProcessRunner.Result result = ProcessRunner.exec(null, Map.of("LC_ALL", "C"), command);
            assertThat(result.exitCode()).as(command + ": " + result.output()).isZero();
            assertThat(result.output()).contains("Header V4 " + kind + "/SHA256 Signature, key ID " + shortId + ": OK")
                    .doesNotContain("NOKEY").doesNotContain("BAD");
        }
    }

    private void gpgVerifiesTheRepomdSignedBy(KeySigner signer) throws Exception {
        byte[] data = ("<repomd of " + signer.key().name() + "/>").getBytes(StandardCharsets.UTF_8);
        String armored = DetachedSignatures.signArmored(data, signer);
        assertThat(armored).startsWith("-----BEGIN PGP SIGNATURE-----");
        assertThat(DetachedSignatures.verify(data, armored, PublicKeys.readArmored(signer.key().publicKeyArmored()))
                .status()).isEqualTo(Verification.Status.OK);
        Path file = Files.write(temp.resolve("repomd-" + signer.key().name() + ".xml"), data);
        Path asc = Files.writeString(temp.resolve("repomd-" + signer.key().name() + ".xml.asc"), armored);
        try (GpgHome verifier = GpgHome.create()) { // a home holding only the public key, as a host's
            verifier.importKey(Files.writeString(temp.resolve(signer.key().name() + "-public.asc"),
                    signer.key().publicKeyArmored()));
            ProcessRunner.Result result = verifier.verifyDetached(asc, file);
            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).contains("Good signature");
        }
    }
}
