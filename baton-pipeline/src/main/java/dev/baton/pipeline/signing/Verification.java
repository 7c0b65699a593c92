package dev.baton.pipeline.signing;

import java.util.Objects;

/**
 * The outcome of checking a package's (or a file's) signature and digests.
 *
 * @param status what was found
 * @param keyId the key id the signature names (16 hex digits, upper case), or {@code null} when unsigned
 * @param detail one sentence for the operator: which check failed and why, or which key signed
 */
public record Verification(Status status, String keyId, String detail) {

    /** What a check found. Only {@link #OK} means "signed by a trusted key and intact". */
    public enum Status {
        /** Signed by one of the trusted keys; signature and every digest match. */
        OK,
        /** No signature at all (the digests may still match: rpm -K alone accepts such a package). */
        UNSIGNED,
        /** Signed, but by a key that is not among the trusted ones. */
        UNKNOWN_KEY,
        /** The signature does not match what it signs: the signed header was changed, or the signature is bad. */
        BAD_SIGNATURE,
        /** A header or payload digest does not match: the file was changed or damaged. */
        BAD_DIGEST
    }

    public Verification {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    /** Signed by a key that is not trusted: one wording for packages and detached signatures. */
    static Verification unknownKey(String keyId, PublicKeys trusted) {
        return new Verification(Status.UNKNOWN_KEY, keyId, "signed by key " + keyId
                + ", which is not among the trusted keys " + trusted.keyIds());
    }

    public boolean ok() {
        return status == Status.OK;
    }
}
