package dev.baton.pipeline.repository;

import java.time.Instant;

/**
 * One change of a package file's state: in a repository, or of the file itself ({@code repository} null).
 *
 * @param id assigned by the store, increasing: a package's events in id order are its life
 */
public record PackageEvent(long id, long packageId, String repository, PackageState state, String actor, String reason,
                           Instant at) {
}
