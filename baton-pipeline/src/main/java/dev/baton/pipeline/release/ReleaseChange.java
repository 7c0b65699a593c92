package dev.baton.pipeline.release;

import dev.baton.pipeline.repository.PackageRecord;
import dev.baton.pipeline.repository.RepositoryVersion;
import java.util.List;

/**
 * What an add, remove or promotion did: the repository's version afterwards (the new one, or the latest unchanged
 * one when every package asked for was there already: {@link #changed()} false) and the files added and removed.
 */
public record ReleaseChange(RepositoryVersion version, boolean changed, List<PackageRecord> added,
                            List<PackageRecord> removed) {
    public ReleaseChange {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
    }

    static ReleaseChange unchanged(RepositoryVersion latest) {
        return new ReleaseChange(latest, false, List.of(), List.of());
    }
}
