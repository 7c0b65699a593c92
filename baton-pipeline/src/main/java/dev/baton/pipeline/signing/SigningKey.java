package dev.baton.pipeline.signing;

import java.time.Instant;
import java.util.Objects;

/**
 * One of the site's signing keys, as everybody may see it: its name (e.g. {@code site}), algorithm, key id (16 hex
 * digits, upper case, as {@code rpm -K} and {@code gpg} print it), fingerprint (40 hex digits, upper case), user id,
 * creation time and the armored public key (what hosts import for {@code gpgkey=}). The secret part never appears
 * here; it stays encrypted in the {@link SigningKeyStore} and is unlocked for use by {@link SigningKeys#forSigning}.
 */
public record SigningKey(String name, Algorithm algorithm, String keyId, String fingerprint, String userId,
        Instant createdAt, String publicKeyArmored) {

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
}
