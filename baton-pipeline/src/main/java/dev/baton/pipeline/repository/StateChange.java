package dev.baton.pipeline.repository;

/**
 * A state to set, as one event: of a package file itself ({@code repository} null) or in a repository.
 *
 * @param packageId a registered file's id
 */
public record StateChange(long packageId, String repository, PackageState state, String actor, String reason) {
}
