package dev.baton.pipeline.signing;

import java.nio.file.Path;
import java.util.Objects;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;

/**
 * A signing key whose secret part an external gpg agent holds (maybe on a smartcard or HSM behind it): each
 * signature is made by running {@code gpg --detach-sign} over the exact bytes to sign, in the key's GNUPGHOME. What
 * gpg answers is checked before it is used: one v4 binary-document SHA-256 signature by exactly this key that
 * verifies against the public key Baton holds; anything else (gpg failing, the key missing or locked, a signature
 * by another key) is a {@link SigningException} naming the key and what to do, and nothing is signed. Holds no
 * secret; thread-safe (each signature is its own gpg run).
 */
public final class GpgAgentKey implements KeySigner {

    private final SigningKey key;
    private final PGPPublicKey signingPublicKey;
    private final Gpg gpg;

    GpgAgentKey(SigningKey key, PGPPublicKey signingPublicKey, Gpg gpg) {
        this.key = Objects.requireNonNull(key, "key");
        this.signingPublicKey = Objects.requireNonNull(signingPublicKey, "signingPublicKey");
        this.gpg = Objects.requireNonNull(gpg, "gpg");
        Objects.requireNonNull(key.gpg(), "a key held by gpg");
    }

    @Override
    public SigningKey key() {
        return key;
    }

    @Override
    public String signingKeyId() {
        return OpenPgp.keyId(signingPublicKey.getKeyID());
    }

    @Override
    public byte[] sign(byte[] data) {
        SigningKey.GpgReference reference = key.gpg();
        Gpg.Result result;
        try {
            result = gpg.detachSign(home(reference), reference.signingFingerprint(), data);
        } catch (Gpg.GpgException e) {
            throw failed(e.getMessage());
        }
        if (result.exitCode() != 0 || result.output().length == 0) {
            throw failed(result.complaint());
        }
        PGPSignature signature;
        try {
            signature = OpenPgp.readSignature(result.output(), "what gpg answered");
        } catch (SigningException e) {
            throw failed(e.getMessage());
        }
        if (OpenPgp.issuer(signature) != signingPublicKey.getKeyID()) {
            throw failed("gpg signed with key " + OpenPgp.keyId(OpenPgp.issuer(signature)) + " instead of "
                    + signingKeyId() + " (is the GNUPGHOME the one the key was added from?)");
        }
        if (signature.getVersion() != 4 || signature.getHashAlgorithm() != HashAlgorithmTags.SHA256
                || signature.getSignatureType() != PGPSignature.BINARY_DOCUMENT) {
            throw failed("gpg made a version " + signature.getVersion() + " signature of type "
                    + signature.getSignatureType() + " with hash algorithm " + signature.getHashAlgorithm()
                    + "; rpm and dnf need a version 4 binary signature with SHA-256 (check the home's gpg.conf)");
        }
        try {
            signature.init(OpenPgp.verifiers(), signingPublicKey);
            signature.update(data);
            if (!signature.verify()) {
                throw failed("gpg's signature does not verify with the key's public key");
            }
            return signature.getEncoded();
        } catch (PGPException | java.io.IOException e) {
            throw failed("gpg's signature cannot be checked: " + e.getMessage());
        }
    }

    private static Path home(SigningKey.GpgReference reference) {
        return reference.home() == null ? null : Path.of(reference.home());
    }

    private SigningException failed(String why) {
        SigningKey.GpgReference reference = key.gpg();
        String home = reference.home() == null ? "gpg's default GNUPGHOME" : "GNUPGHOME " + reference.home();
        String homedir = reference.home() == null ? "" : " --homedir " + reference.home();
        return new SigningException("gpg could not sign with key '" + key.name() + "' (" + signingKeyId() + ", "
                + home + "): " + why + ". Nothing was signed. On the server, check that 'gpg" + homedir
                + " --list-secret-keys " + reference.signingFingerprint() + "' shows the key, and that its gpg-agent "
                + "can use it without asking: preset its passphrase (gpg-preset-passphrase) or insert and unlock its "
                + "smartcard");
    }

    @Override
    public String toString() {
        return "GpgAgentKey[" + key.name() + " " + signingKeyId() + "]";
    }
}
