package dev.baton.pipeline.signing;

import dev.baton.pipeline.signing.Verification.Status;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;

/**
 * Armored detached OpenPGP signatures over whole files, such as {@code repodata/repomd.xml.asc}, which dnf checks
 * with {@code repo_gpgcheck=1} and {@code gpg --verify} accepts. Binary-document signatures with SHA-256.
 */
public final class DetachedSignatures {

    private DetachedSignatures() {
    }

    /** The armored detached signature of {@code data} ({@code -----BEGIN PGP SIGNATURE-----}). */
    public static String signArmored(byte[] data, KeySigner key) {
        return OpenPgp.armor(key.sign(data));
    }

    /**
     * Checks an armored (or binary) detached signature over {@code data}: OK, UNSIGNED (no signature given),
     * UNKNOWN_KEY or BAD_SIGNATURE (also for a signature that cannot be read).
     */
    public static Verification verify(byte[] data, String armoredSignature, PublicKeys trusted) {
        if (armoredSignature == null || armoredSignature.isBlank()) {
            return new Verification(Status.UNSIGNED, null, "there is no signature");
        }
        PGPSignature signature;
        try {
            signature = OpenPgp.readSignature(armoredSignature.getBytes(StandardCharsets.US_ASCII),
                    "the detached signature");
        } catch (SigningException e) {
            return new Verification(Status.BAD_SIGNATURE, null, e.getMessage());
        }
        long issuer = OpenPgp.issuer(signature);
        String keyId = OpenPgp.keyId(issuer);
        PGPPublicKey key = trusted.find(issuer).orElse(null);
        if (key == null) {
            return Verification.unknownKey(keyId, trusted);
        }
        try {
            signature.init(OpenPgp.verifiers(), key);
            signature.update(data);
            if (signature.verify()) {
                return new Verification(Status.OK, keyId, "signed by key " + keyId);
            }
            return new Verification(Status.BAD_SIGNATURE, keyId, "the signature by key " + keyId
                    + " does not match the data: the file was changed after signing");
        } catch (PGPException e) {
            return new Verification(Status.BAD_SIGNATURE, keyId, "the signature by key " + keyId
                    + " cannot be checked: " + e.getMessage());
        }
    }
}
