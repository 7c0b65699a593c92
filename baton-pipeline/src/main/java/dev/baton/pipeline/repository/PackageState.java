package dev.baton.pipeline.repository;

/**
 * Where a package is in the pipeline (seed 004's package states), per package file and repository: a file has one
 * state of its own (no repository: how it arrived and whether it passed its checks) and one in each repository
 * that holds it. Every change of state is a {@link PackageEvent} with who and why.
 *
 * <p>The seed's "being built" and "build failed" belong to the builders and come with them.
 */
public enum PackageState {
    /** In the local mirror, not checked yet (size, digest, signature). */
    READY,
    /** Its repository is being mirrored; the file is being fetched. */
    MIRRORING,
    /** Checks passed (size, digest, OpenPGP signature against the remote's keys): ready to build or sign. */
    WAITING,
    /**
     * A check failed (checksum, bad signature, unknown key, missing signature) or a tester marked it failed; the
     * event's reason says which. Quarantined: it cannot be put into any repository.
     */
    TEST_FAILED,
    /** Built or uploaded and not signed yet (the seed's "unsigned/pending"): waiting for a signer. */
    UNSIGNED,
    /** Signed with the site's key and in a testing repository, waiting until someone marks it tested. */
    SIGNED_UNTESTED,
    /** Marked tested by a tester: waiting to be promoted to production. */
    TESTED,
    /** In a production repository: the end of the road. */
    GOOD
}
