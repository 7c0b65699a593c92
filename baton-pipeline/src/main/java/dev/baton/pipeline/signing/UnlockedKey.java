package dev.baton.pipeline.signing;

import java.io.IOException;
import java.util.Objects;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignatureGenerator;

/**
 * A signing key held by the server, decrypted for use: a {@link KeySigner} signing in the server's memory. Held in memory
 * only while signing; never stored, logged or printed ({@link #toString()} names the key, not its material).
 *
 * @param key the key's public description
 * @param signingPublicKey the public half of the (sub)key that signs; its key id is the one signatures carry
 * @param privateKey the unlocked private half of that (sub)key
 */
public record UnlockedKey(SigningKey key, PGPPublicKey signingPublicKey, PGPPrivateKey privateKey) implements KeySigner {

    public UnlockedKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(signingPublicKey, "signingPublicKey");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    @Override
    public String signingKeyId() {
        return OpenPgp.keyId(signingPublicKey.getKeyID());
    }

    @Override
    public byte[] sign(byte[] data) {
        PGPSignatureGenerator generator = OpenPgp.signer(this);
        generator.update(data);
        try {
            return OpenPgp.generate(generator, this).getEncoded();
        } catch (IOException e) {
            throw new SigningException("cannot encode a signature of key " + key.name(), e);
        }
    }

    @Override
    public String toString() {
        return "UnlockedKey[" + key.name() + " " + signingKeyId() + "]";
    }
}
