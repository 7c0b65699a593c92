package dev.baton.pipeline.signing;

import java.util.Objects;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;

/**
 * A signing key decrypted for use: what {@link RpmSigner} and {@link DetachedSignatures} sign with. Held in memory
 * only while signing; never stored, logged or printed ({@link #toString()} names the key, not its material).
 *
 * @param key the key's public description
 * @param signingPublicKey the public half of the (sub)key that signs; its key id is the one signatures carry
 * @param privateKey the unlocked private half of that (sub)key
 */
public record UnlockedKey(SigningKey key, PGPPublicKey signingPublicKey, PGPPrivateKey privateKey) {

    public UnlockedKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(signingPublicKey, "signingPublicKey");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    /** The key id the signatures carry, 16 hex digits upper case. */
    public String signingKeyId() {
        return OpenPgp.keyId(signingPublicKey.getKeyID());
    }

    @Override
    public String toString() {
        return "UnlockedKey[" + key.name() + " " + signingKeyId() + "]";
    }
}
