package dev.baton.console.view;

import dev.baton.pipeline.repository.Repository;
import dev.baton.pipeline.repository.VersionSummary;

/** A repository and its latest version. */
public record RepositoryRow(Repository repository, VersionSummary latest) {
}
