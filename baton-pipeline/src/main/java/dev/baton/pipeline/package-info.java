/**
 * The package pipeline (seed 004's workflow): where packages come from (remotes, mirrored and verified), how they
 * are kept (one content-addressed store), signed (the site's keys, header-only RPM signatures), grouped
 * (repositories with immutable numbered versions), published ({@code repodata/} that dnf reads) and promoted, with
 * the advisories that go with them.
 *
 * <p>Sub-packages by capability: {@code rpm} (the RPM file format), {@code signing} (keys and OpenPGP
 * signatures), {@code repodata} (repository metadata, read and written), {@code content} (the content store),
 * {@code repository} (repositories, versions, package states). The pipeline's store interfaces are implemented in
 * baton-store; the lock service knows nothing of the pipeline.
 */
package dev.baton.pipeline;
