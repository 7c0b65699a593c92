package dev.baton.pipeline.signing;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the site's signing keys are kept (implemented in baton-store). The secret key arrives here already
 * encrypted with the server's signing passphrase (OpenPGP secret-key protection) and is stored as given: the store
 * never sees a key in clear, nor the passphrase.
 */
public interface SigningKeyStore {

    /**
     * A stored key.
     *
     * @param key the public description
     * @param encryptedSecretKey the armored OpenPGP secret key, protected with the server's signing passphrase
     * @param addedBy who created or imported it
     * @param addedAt when
     */
    record StoredKey(SigningKey key, String encryptedSecretKey, String addedBy, Instant addedAt) {
        public StoredKey {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(encryptedSecretKey, "encryptedSecretKey");
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
