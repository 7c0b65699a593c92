package dev.baton.pipeline.advisory;

import dev.baton.pipeline.rpm.Nevra;

/**
 * A package an advisory ships.
 *
 * @param nevra           the package
 * @param filename        its file name in a repository, {@code name-version-release.arch.rpm}
 * @param sha256          the sha256 of the file, when known ({@code null} otherwise); written into updateinfo
 *                        from the file the repository version holds, as a signed copy differs from the original
 * @param rebootSuggested installing it calls for a reboot (a kernel, glibc)
 */
public record AdvisoryPackage(Nevra nevra, String filename, String sha256, boolean rebootSuggested) {

    public AdvisoryPackage {
        if (nevra == null) {
            throw new IllegalArgumentException("an advisory package needs its NEVRA");
        }
        filename = filename == null || filename.isBlank() ? nevra.fileName() : filename;
        sha256 = sha256 == null || sha256.isBlank() ? null : sha256;
    }

    public static AdvisoryPackage of(Nevra nevra) {
        return new AdvisoryPackage(nevra, null, null, false);
    }

    public AdvisoryPackage withSha256(String value) {
        return new AdvisoryPackage(nevra, filename, value, rebootSuggested);
    }
}
