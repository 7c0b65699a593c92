package dev.baton.pipeline;

import dev.baton.jobs.Jobs;
import dev.baton.notify.Notifier;
import dev.baton.pipeline.advisory.Advisories;
import dev.baton.pipeline.advisory.AdvisoryAnnouncements;
import dev.baton.pipeline.content.ContentStore;
import dev.baton.pipeline.publish.Publisher;
import dev.baton.pipeline.release.Releases;
import dev.baton.pipeline.remote.Remotes;
import dev.baton.pipeline.repository.Packages;
import dev.baton.pipeline.repository.Repositories;
import dev.baton.pipeline.signing.SigningKeys;
import java.nio.file.Path;

/**
 * The package pipeline's services, built once by the server over its store and handed to the pipeline's routes,
 * console pages and job handlers.
 *
 * @param remotes      upstream repositories and their last sync
 * @param content      the content-addressed store of package files ({@code <pipelineDir>/content})
 * @param packages     package files, their states and history
 * @param repositories repositories and their numbered versions
 * @param signingKeys  the site's signing keys
 * @param advisories   site and upstream advisories
 * @param announcements announces the advisories a production repository publishes, once per repository
 * @param jobs         the server's durable jobs (syncs, publishes)
 * @param notifier     where the pipeline's notices go
 * @param pipelineDir  the pipeline's files: {@code content/}, {@code quarantine/}, {@code publications/}
 * @param publisher    publishes a repository's latest version (the {@code repo-publish} job's work)
 * @param releases     adding to, removing from and promoting between repositories; marking packages tested
 */
public record PipelineServices(Remotes remotes, ContentStore content, Packages packages, Repositories repositories,
                               SigningKeys signingKeys, Advisories advisories,
                               AdvisoryAnnouncements announcements, Jobs jobs, Notifier notifier,
                               Path pipelineDir, Publisher publisher, Releases releases) {
}
