package dev.baton.pipeline.signing;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the site's signing keys are kept (implemented in baton-store). The secret key of a key the server holds
 * arrives here already encrypted with the server's signing passphrase (OpenPGP secret-key protection) and is stored
 * as given: the store never sees a key in clear, nor the passphrase. A key held by gpg has no secret key here, only
 * its {@link SigningKey#gpg() reference}.
 */
public interface SigningKeyStore {

    /**
     * A stored key.
     *
     * @param key the public description
     * @param encryptedSecretKey the armored OpenPGP secret key, protected with the server's signing passphrase;
     *         {@code null} exactly when the key is held by gpg
     * @param addedBy who created or imported it
     * @param addedAt when
     */
    record StoredKey(SigningKey key, String encryptedSecretKey, String addedBy, Instant addedAt) {
        public StoredKey {
            Objects.requireNonNull(key, "key");
            if ((encryptedSecretKey == null) != (key.holder() == SigningKey.Holder.GPG)) {
                throw new IllegalArgumentException("a key held by the server has its encrypted secret key, a key held "
                        + "by gpg none: " + key.name());
            }
            Objects.requireNonNull(addedBy, "addedBy");
            Objects.requireNonNull(addedAt, "addedAt");
        }

        @Override
        public String toString() {
            return "StoredKey[" + key.name() + " " + key.keyId() + "]";
        }
    }

    /** Stores a new key; {@code false} (nothing changed) when its name or its key id is taken already. */
    boolean insert(StoredKey key);

    Optional<StoredKey> find(String name);

    /** All keys' public descriptions, by name. */
    List<SigningKey> list();
}
