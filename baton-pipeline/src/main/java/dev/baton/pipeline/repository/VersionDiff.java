package dev.baton.pipeline.repository;

import java.util.List;

/** What changed from version {@code from} to version {@code to} of a repository (either may be the older one). */
public record VersionDiff(String repository, int from, int to, List<PackageRecord> added, List<PackageRecord> removed) {
    public VersionDiff {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
    }
}
