package dev.baton.pipeline.repository;

import java.time.Instant;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One immutable version of a repository: numbered from 1 (the empty repository as created) without gaps, each made
 * by one change with who and why.
 *
 * @param packageIds the package files it holds (ids of {@link PackageRecord}s), in id order
 */
public record RepositoryVersion(String repository, int number, Instant createdAt, String actor, String reason,
                                SortedSet<Long> packageIds) {
    public RepositoryVersion {
        packageIds = Collections.unmodifiableSortedSet(new TreeSet<>(packageIds));
    }

    public VersionSummary summary() {
        return new VersionSummary(repository, number, createdAt, actor, reason, packageIds.size());
    }
}
