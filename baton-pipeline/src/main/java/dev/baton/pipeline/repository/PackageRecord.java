package dev.baton.pipeline.repository;

import dev.baton.lock.BadRequestException;
import dev.baton.pipeline.rpm.Nevra;

/**
 * One package file, identified by its SHA-256 (the file is in the content store under that digest). A NEVRA may
 * have several files: the unsigned original and a signed copy per key; a signed copy names its original
 * ({@code signedFrom}, the original's SHA-256) and the key that signed it ({@code signedByKeyId}, 16 upper-case hex
 * digits).
 *
 * @param id     assigned by the store; 0 before it is stored
 * @param remote the remote it was mirrored from, for a {@link PackageOrigin#MIRRORED} one; otherwise null
 */
public record PackageRecord(long id, Nevra nevra, String sha256, long size, PackageOrigin origin, String signedFrom,
                            String signedByKeyId, String remote) {

    public PackageRecord {
        if (nevra == null) {
            throw new BadRequestException("a package needs its NEVRA (name-version-release.arch)");
        }
        if (nevra.toString().length() > 400) {
            throw new BadRequestException("a NEVRA is at most 400 characters, got " + nevra.toString().length());
        }
        Checks.sha256("a package's sha256", sha256);
        if (size < 0) {
            throw new BadRequestException("a package's size cannot be negative: " + size);
        }
        if (origin == null) {
            throw new BadRequestException("a package needs an origin (mirrored, uploaded or signed copy)");
        }
        if (origin == PackageOrigin.SIGNED_COPY) {
            Checks.sha256("a signed copy's original (signedFrom)", signedFrom);
            signedByKeyId = Checks.keyId(signedByKeyId);
        } else if (signedFrom != null || signedByKeyId != null) {
            throw new BadRequestException("only a signed copy names its original and signing key; " + nevra
                    + " is " + origin);
        }
        if (origin == PackageOrigin.MIRRORED) {
            Checks.name("a mirrored package's remote", remote);
        } else if (remote != null) {
            throw new BadRequestException("only a mirrored package names a remote; " + nevra + " is " + origin);
        }
    }

    public static PackageRecord mirrored(Nevra nevra, String sha256, long size, String remote) {
        return new PackageRecord(0, nevra, sha256, size, PackageOrigin.MIRRORED, null, null, remote);
    }

    public static PackageRecord uploaded(Nevra nevra, String sha256, long size) {
        return new PackageRecord(0, nevra, sha256, size, PackageOrigin.UPLOADED, null, null, null);
    }

    /** A copy of {@code original} signed by {@code keyId}; the same NEVRA, another file. */
    public static PackageRecord signedCopy(PackageRecord original, String sha256, long size, String keyId) {
        return new PackageRecord(0, original.nevra(), sha256, size, PackageOrigin.SIGNED_COPY, original.sha256(), keyId,
                null);
    }

    public PackageRecord withId(long newId) {
        return new PackageRecord(newId, nevra, sha256, size, origin, signedFrom, signedByKeyId, remote);
    }

    /** True for a copy carrying the signature of this key (16 hex digits, any case). */
    public boolean isSignedBy(String keyId) {
        return origin == PackageOrigin.SIGNED_COPY && signedByKeyId.equalsIgnoreCase(keyId);
    }

    /** How a message names this file: its NEVRA, the start of its digest and its id. */
    public String describe() {
        return nevra + " (file " + sha256.substring(0, 12) + ", id " + id + ")";
    }
}
