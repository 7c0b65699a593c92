package dev.baton.pipeline.signing;

import java.nio.file.Path;
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
 * The site's signing keys: create an RSA or Ed25519 key, import an armored secret key, add a key held by an external
 * gpg agent, export a public key, get a key ready for signing. Keys held by the server are kept encrypted at rest
 * with the server's signing passphrase (given at start with {@code --signing-passphrase-file FILE} or
 * {@code BATON_SIGNING_PASSPHRASE}); they are decrypted only in memory, once per key, when a signature is needed.
 * Keys held by gpg never reach the server: it keeps their public key and which gpg holds them, and runs gpg for
 * each signature ({@link GpgAgentKey}); they need no server passphrase. Neither keys nor the passphrase are ever
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
    private final Gpg gpg;
    private final Map<String, KeySigner> unlocked = new ConcurrentHashMap<>();

    /**
     * @param passphrase the server's signing passphrase; {@code null} or empty when none was given, in which case
     *         keys can be listed and exported but not created, imported or used
     */
    public SigningKeys(SigningKeyStore store, char[] passphrase, InstantSource clock) {
        this.store = store;
        this.passphrase = passphrase == null ? new char[0] : passphrase.clone();
        this.clock = clock;
        this.gpg = Gpg.onPath();
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

    /**
     * Adds a key that an external gpg holds: {@code reference} is its fingerprint or long key id, {@code gpgHome}
     * the GNUPGHOME on the server whose gpg-agent holds its secret part ({@code null}: gpg's default there). The
     * server stores the public key gpg exports and the reference, never a secret; every signature with it is made
     * by gpg. Needs no server passphrase.
     *
     * @throws SigningException the name is taken or malformed, or gpg has no usable secret key under the reference
     */
    public SigningKey addGpg(String name, String reference, Path gpgHome, String actor) {
        checkName(name);
        if (store.find(name).isPresent()) {
            throw exists(name);
        }
        SigningKey key = GpgKeys.describe(gpg, name, reference, gpgHome);
        insert(new SigningKeyStore.StoredKey(key, null, actor, clock.instant()));
        return key;
    }

    private SigningKey store(String name, PGPSecretKeyRing ring, String actor) {
        SigningKey key = OpenPgpKeys.describe(name, ring);
        OpenPgpKeys.unlock(key, ring, passphrase); // proves the stored form opens with the server's passphrase
        String encrypted = OpenPgp.armor(OpenPgpKeys.encode(ring));
        insert(new SigningKeyStore.StoredKey(key, encrypted, actor, clock.instant()));
        return key;
    }

    private void insert(SigningKeyStore.StoredKey stored) {
        SigningKey key = stored.key();
        String name = key.name();
        if (!store.insert(stored)) {
            if (store.find(name).isPresent()) {
                throw exists(name);
            }
            throw new SigningException("key " + key.keyId() + " is stored already under another name; "
                    + "see the list of keys");
        }
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
     * The key ready to sign, for {@link RpmSigner} and {@link DetachedSignatures}: unlocked with the server's
     * passphrase when the server holds it, or signing through gpg when gpg does (gpg's own failures show when it
     * signs).
     *
     * @throws SigningException when there is no such key, or a key held by the server cannot be unlocked (no
     *         passphrase, or the passphrase does not unlock it)
     */
    public KeySigner forSigning(String name) {
        KeySigner key = unlocked.get(name);
        if (key != null) {
            return key;
        }
        SigningKeyStore.StoredKey stored = store.find(name).orElseThrow(() -> unknown(name));
        if (stored.key().holder() == SigningKey.Holder.GPG) {
            key = new GpgAgentKey(stored.key(), GpgKeys.signingPublicKey(stored.key()), gpg);
        } else {
            requirePassphrase();
            key = OpenPgpKeys.unlock(stored.key(), OpenPgpKeys.readSecret(stored.encryptedSecretKey()), passphrase);
        }
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
