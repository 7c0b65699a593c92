package dev.baton.pipeline.signing;

import java.time.Instant;
import java.util.Objects;

/**
 * One of the site's signing keys, as everybody may see it: its name (e.g. {@code site}), algorithm, key id (16 hex
 * digits, upper case, as {@code rpm -K} and {@code gpg} print it), fingerprint (40 hex digits, upper case), user id,
 * creation time, the armored public key (what hosts import for {@code gpgkey=}) and where its secret part lives:
 * {@code gpg} is {@code null} for a key held by the server (encrypted in the {@link SigningKeyStore}, unlocked for
 * use by {@link SigningKeys#forSigning}), or says which external gpg holds it. The secret part never appears here.
 */
public record SigningKey(String name, Algorithm algorithm, String keyId, String fingerprint, String userId,
        Instant createdAt, String publicKeyArmored, GpgReference gpg) {

    /** Who holds a key's secret part. */
    public enum Holder {
        /** The server, encrypted at rest with its signing passphrase. */
        SERVER,
        /** An external gpg agent; the server never sees the secret part. */
        GPG
    }

    /**
     * A key held by gpg: the (sub)key it signs with and the GNUPGHOME whose agent holds it.
     *
     * @param signingFingerprint the fingerprint of the (sub)key that signs (40 hex digits, upper case), given to
     *         {@code gpg --local-user} with a {@code !} so gpg uses exactly that key
     * @param home the GNUPGHOME directory on the server, or {@code null} for gpg's default there
     *         ({@code $GNUPGHOME} of the server's process, or {@code ~/.gnupg})
     */
    public record GpgReference(String signingFingerprint, String home) {
        public GpgReference {
            Objects.requireNonNull(signingFingerprint, "signingFingerprint");
        }
    }

    /** Key algorithms Baton creates and signs with. */
    public enum Algorithm {
        /** RSA (3072 or 4096 bits); package signatures in tag 268. */
        RSA,
        /** Ed25519 (OpenPGP v4 EdDSA); package signatures in tag 267, checked by rpm 4.18 and gpg 2.2. */
        EDDSA
    }

    public SigningKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(publicKeyArmored, "publicKeyArmored");
    }

    /** A key held by the server. */
    public SigningKey(String name, Algorithm algorithm, String keyId, String fingerprint, String userId,
            Instant createdAt, String publicKeyArmored) {
        this(name, algorithm, keyId, fingerprint, userId, createdAt, publicKeyArmored, null);
    }

    public Holder holder() {
        return gpg == null ? Holder.SERVER : Holder.GPG;
    }

    /** The same key, held by gpg as {@code reference} says. */
    public SigningKey heldBy(GpgReference reference) {
        return new SigningKey(name, algorithm, keyId, fingerprint, userId, createdAt, publicKeyArmored, reference);
    }
}
