package dev.baton.pipeline.signing;

import dev.baton.pipeline.rpm.RpmFile;
import dev.baton.pipeline.rpm.RpmHeader;
import dev.baton.pipeline.rpm.RpmTag;
import dev.baton.pipeline.signing.Verification.Status;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;

/**
 * Checks a package as {@code rpmkeys --checksig} does, but demands a signature by a trusted key: the header-only
 * signature (tag 268 or 267; legacy header+payload signatures 1002/1005 when there is none), the header digests
 * (273, 269) and the payload digest (5092, in the signed header) against the payload bytes. A changed payload
 * under an intact header signature is {@link Status#BAD_DIGEST}; a changed signed header is
 * {@link Status#BAD_SIGNATURE}.
 *
 * <p>Order of the verdicts: a signature by a trusted key that does not verify is BAD_SIGNATURE; otherwise a digest
 * that does not match is BAD_DIGEST; otherwise UNSIGNED, UNKNOWN_KEY or OK. Reads the payload once, streaming.
 */
public final class PackageVerifier {

    /**
     * Verifies a package against trusted keys.
     *
     * @throws dev.baton.pipeline.rpm.RpmFormatException when the file is not a well-formed package
     */
    public Verification verify(Path path, PublicKeys trusted) throws IOException {
        RpmFile rpm = RpmFile.open(path);
        RpmHeader sig = rpm.signature();
        byte[] header = rpm.header().bytes();

        boolean headerOnly = sig.has(RpmTag.SIG_RSA) || sig.has(RpmTag.SIG_DSA);
        byte[] signatureBytes = sig.has(RpmTag.SIG_RSA) ? sig.bytes(RpmTag.SIG_RSA)
                : sig.has(RpmTag.SIG_DSA) ? sig.bytes(RpmTag.SIG_DSA)
                : sig.has(RpmTag.SIG_PGP) ? sig.bytes(RpmTag.SIG_PGP)
                : sig.has(RpmTag.SIG_GPG) ? sig.bytes(RpmTag.SIG_GPG) : null;

        PGPSignature signature = null;
        String keyId = null;
        PGPPublicKey key = null;
        if (signatureBytes != null) {
            try {
                signature = OpenPgp.readSignature(signatureBytes, "the package signature");
            } catch (SigningException e) {
                return new Verification(Status.BAD_SIGNATURE, null, e.getMessage());
            }
            long issuer = OpenPgp.issuer(signature);
            keyId = OpenPgp.keyId(issuer);
            key = trusted.find(issuer).orElse(null);
        }

        // One pass over the payload feeds the payload digest and, for a legacy signature, the verifier.
        String payloadAlgorithm = digestName((int) rpm.header().number(RpmTag.PAYLOADDIGESTALGO, 8));
        MessageDigest payloadDigest = payloadAlgorithm == null ? null : digest(payloadAlgorithm);
        MessageDigest legacyMd5 = !rpm.header().has(RpmTag.PAYLOADDIGEST) && sig.has(RpmTag.SIG_MD5)
                ? digest("MD5") : null;
        boolean legacySigned = signature != null && !headerOnly && key != null;
        try {
            if (key != null) {
                signature.init(OpenPgp.verifiers(), key);
                signature.update(header);
            }
            if (legacyMd5 != null) {
                legacyMd5.update(header);
            }
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
                    InputStream in = Channels.newInputStream(channel.position(rpm.payloadStart()))) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    if (payloadDigest != null) {
                        payloadDigest.update(buffer, 0, n);
                    }
                    if (legacyMd5 != null) {
                        legacyMd5.update(buffer, 0, n);
                    }
                    if (legacySigned) {
                        signature.update(buffer, 0, n);
                    }
                }
            }
            if (key != null && !signature.verify()) {
                return new Verification(Status.BAD_SIGNATURE, keyId, "the signature by key " + keyId
                        + " does not match the package's header: the signed header was changed after signing");
            }
        } catch (PGPException e) {
            return new Verification(Status.BAD_SIGNATURE, keyId, "the signature by key " + keyId
                    + " cannot be checked: " + e.getMessage());
        }

        Optional<String> digestProblem = digestProblem(rpm, header, payloadDigest, legacyMd5);
        if (digestProblem.isPresent()) {
            return new Verification(Status.BAD_DIGEST, keyId, digestProblem.get());
        }
        if (signature == null) {
            return new Verification(Status.UNSIGNED, null, "the package carries no OpenPGP signature");
        }
        if (key == null) {
            return Verification.unknownKey(keyId, trusted);
        }
        return new Verification(Status.OK, keyId, "signed by key " + keyId
                + (headerOnly ? "" : " (legacy header+payload signature)") + "; header and payload digests match");
    }

    private static Optional<String> digestProblem(RpmFile rpm, byte[] header, MessageDigest payloadDigest,
            MessageDigest legacyMd5) {
        RpmHeader sig = rpm.signature();
        if (sig.has(RpmTag.SHA256HEADER)
                && !sig.string(RpmTag.SHA256HEADER).equalsIgnoreCase(RpmSigner.hex("SHA-256", header))) {
            return Optional.of("the header's SHA-256 does not match the one recorded in the signature header: "
                    + "the header was changed");
        }
        if (sig.has(RpmTag.SHA1HEADER)
                && !sig.string(RpmTag.SHA1HEADER).equalsIgnoreCase(RpmSigner.hex("SHA-1", header))) {
            return Optional.of("the header's SHA-1 does not match the one recorded in the signature header: "
                    + "the header was changed");
        }
        String recordedPayload = rpm.header().string(RpmTag.PAYLOADDIGEST);
        if (recordedPayload != null) {
            if (payloadDigest == null) {
                return Optional.of("the payload digest uses unknown algorithm "
                        + rpm.header().number(RpmTag.PAYLOADDIGESTALGO, -1));
            }
            String actual = HexFormat.of().formatHex(payloadDigest.digest());
            if (!actual.equalsIgnoreCase(recordedPayload)) {
                return Optional.of("the payload's " + payloadDigest.getAlgorithm() + " is " + actual
                        + " but the header records " + recordedPayload + ": the payload was changed");
            }
            return Optional.empty();
        }
        if (legacyMd5 != null) {
            // Packages from before rpm 4.14: only the legacy MD5 of header and payload covers the payload.
            byte[] recorded = sig.bytes(RpmTag.SIG_MD5);
            if (!MessageDigest.isEqual(recorded, legacyMd5.digest())) {
                return Optional.of("the MD5 of header and payload does not match: the package was changed");
            }
            return Optional.empty();
        }
        return Optional.of("the package records no payload digest, so its payload cannot be checked");
    }

    /** The JCA name of an OpenPGP hash algorithm number, or {@code null}. */
    private static String digestName(int algorithm) {
        return switch (algorithm) {
            case 1 -> "MD5";
            case 2 -> "SHA-1";
            case 8 -> "SHA-256";
            case 9 -> "SHA-384";
            case 10 -> "SHA-512";
            case 11 -> "SHA-224";
            default -> null;
        };
    }

    private static MessageDigest digest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
