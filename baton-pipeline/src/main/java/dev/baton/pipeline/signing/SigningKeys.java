package dev.baton.pipeline.signing;

import java.time.InstantSource;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.bouncycastle.openpgp.PGPSecretKeyRing;

/**
 * The site's signing keys, held by the server: create an RSA or Ed25519 key, import an armored secret key, export
 * a public key, unlock a key for signing. Secret keys are kept encrypted at rest with the server's signing
 * passphrase (given at start with {@code --signing-passphrase-file FILE} or {@code BATON_SIGNING_PASSPHRASE}); they
 * are decrypted only in memory, once per key, when a signature is needed. Neither keys nor the passphrase are ever
 * logged or put in a message.
 *
 * <p>Key names are short lowercase words ({@code site}, {@code el9-2026}); a name, once taken, keeps its key (keys
 * are not replaced: signatures already made name them). Thread-safe.
 */
public final class SigningKeys {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    private final SigningKeyStore store;
    private final char[] passphrase;
    private final InstantSource clock;
    private final Map<String, UnlockedKey> unlocked = new ConcurrentHashMap<>();

    /**
     * @param passphrase the server's signing passphrase; {@code null} or empty when none was given, in which case
     *         keys can be listed and exported but not created, imported or used
     */
    public SigningKeys(SigningKeyStore store, char[] passphrase, InstantSource clock) {
        this.store = store;
        this.passphrase = passphrase == null ? new char[0] : passphrase.clone();
        this.clock = clock;
    }

    /** Creates a key (RSA 3072 or Ed25519) whose user id is {@code userId} (a default naming the key when blank). */
    public SigningKey create(String name, SigningKey.Algorithm algorithm, String userId, String actor) {
        checkName(name);
        requirePassphrase();
        if (store.find(name).isPresent()) {
            throw exists(name);
        }
        String uid = userId == null || userId.isBlank() ? "Baton package signing key (" + name + ")" : userId.strip();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        PGPSecretKeyRing ring = OpenPgpKeys.generate(algorithm, uid, passphrase, now);
        return store(name, ring, actor);
    }

    /**
     * Imports an armored secret key (as {@code gpg --armor --export-secret-keys} writes it), protected with
     * {@code passphraseOfImport} (empty when it has none); it is stored protected with the server's passphrase.
     */
    public SigningKey importSecret(String name, String armored, char[] passphraseOfImport, String actor) {
        checkName(name);
        requirePassphrase();
        if (store.find(name).isPresent()) {
            throw exists(name);
        }
        PGPSecretKeyRing given = OpenPgpKeys.readSecret(armored);
        OpenPgpKeys.describe(name, given); // refuses algorithms Baton cannot sign packages with
        PGPSecretKeyRing ring = OpenPgpKeys.reencrypt(given,
                passphraseOfImport == null ? new char[0] : passphraseOfImport, passphrase, "the imported key");
        return store(name, ring, actor);
    }

    private SigningKey store(String name, PGPSecretKeyRing ring, String actor) {
        SigningKey key = OpenPgpKeys.describe(name, ring);
        OpenPgpKeys.unlock(key, ring, passphrase); // proves the stored form opens with the server's passphrase
        String encrypted = OpenPgp.armor(OpenPgpKeys.encode(ring));
        if (!store.insert(new SigningKeyStore.StoredKey(key, encrypted, actor, clock.instant()))) {
            if (store.find(name).isPresent()) {
                throw exists(name);
            }
            throw new SigningException("key " + key.keyId() + " is stored already under another name; "
                    + "see the list of keys");
        }
        return key;
    }

    /** The armored public key of a key, for hosts' {@code gpgkey=} and for {@code rpm --import}. */
    public String exportPublic(String name) {
        return find(name).orElseThrow(() -> unknown(name)).publicKeyArmored();
    }

    public Optional<SigningKey> find(String name) {
        return store.find(name).map(SigningKeyStore.StoredKey::key);
    }

    public List<SigningKey> list() {
        return store.list();
    }

    /** The public keys of all the site's keys (to check what Baton signed). */
    public PublicKeys publicKeys() {
        PublicKeys all = PublicKeys.none();
        for (SigningKey key : list()) {
            all = all.plus(PublicKeys.readArmored(key.publicKeyArmored()));
        }
        return all;
    }

    /**
     * The key, unlocked with the server's passphrase, for {@link RpmSigner} and {@link DetachedSignatures}.
     *
     * @throws SigningException when there is no such key, no passphrase, or the passphrase does not unlock it
     */
    public UnlockedKey forSigning(String name) {
        UnlockedKey key = unlocked.get(name);
        if (key != null) {
            return key;
        }
        SigningKeyStore.StoredKey stored = store.find(name).orElseThrow(() -> unknown(name));
        requirePassphrase();
        key = OpenPgpKeys.unlock(stored.key(), OpenPgpKeys.readSecret(stored.encryptedSecretKey()), passphrase);
        unlocked.put(name, key);
        return key;
    }

    /** True when the server was given a signing passphrase: keys can be created, imported and used. */
    public boolean hasPassphrase() {
        return passphrase.length > 0;
    }

    private void requirePassphrase() {
        if (passphrase.length == 0) {
            throw new SigningException("the server has no signing passphrase: start it with "
                    + "--signing-passphrase-file FILE or the environment variable BATON_SIGNING_PASSPHRASE");
        }
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new SigningException("a key name is 1 to 63 lowercase letters, digits, '.', '_' or '-', starting "
                    + "with a letter or digit: '" + name + "'");
        }
    }

    private static SigningException exists(String name) {
        return new SigningException("a signing key named '" + name + "' exists already; nothing was changed");
    }

    private static SigningException unknown(String name) {
        return new SigningException("there is no signing key named '" + name + "'");
    }

    @Override
    public String toString() {
        return "SigningKeys[" + (passphrase.length == 0 ? "no passphrase" : "passphrase set") + "]";
    }

    /** Forgets the unlocked keys and the passphrase (at server stop). */
    public void close() {
        unlocked.clear();
        Arrays.fill(passphrase, '\0');
    }
}
