package dev.baton.console.view;

import dev.baton.pipeline.repository.Repository;
import dev.baton.pipeline.repository.VersionSummary;
import java.time.Instant;
import java.util.List;

/**
 * A repository's page: settings, versions newest first, the latest version's packages with their states there.
 *
 * @param shown    the packages listed (at most a limit)
 * @param packages how many the latest version holds
 */
public record RepositoryView(Repository repository, List<VersionSummary> versions, List<PackageRow> shown,
                             int packages, Instant now) {

    public int latest() {
        return versions.isEmpty() ? 0 : versions.getFirst().number();
    }
}
