package dev.baton.pipeline.repository;

/** Where a package file came from. */
public enum PackageOrigin {
    /** Fetched from a remote (an upstream repository); {@link PackageRecord#remote()} names it. */
    MIRRORED,
    /** Given to Baton directly (built elsewhere, uploaded by a person or a builder). */
    UPLOADED,
    /** A copy of another file with the site's signature header; {@link PackageRecord#signedFrom()} names the original. */
    SIGNED_COPY
}
