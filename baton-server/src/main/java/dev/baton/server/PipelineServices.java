package dev.baton.server;

import dev.baton.jobs.Jobs;
import dev.baton.notify.Notifier;
import dev.baton.pipeline.advisory.Advisories;
import dev.baton.pipeline.content.ContentStore;
import dev.baton.pipeline.release.Releases;
import dev.baton.pipeline.remote.Remotes;
import dev.baton.pipeline.repository.Packages;
import dev.baton.pipeline.repository.Repositories;
import dev.baton.pipeline.signing.SigningKeys;
import java.nio.file.Path;

/**
 * The package pipeline's services, built once by {@link BatonServer} over its store and handed to the pipeline's
 * routes and job handlers.
 *
 * @param remotes      upstream repositories and their last sync
 * @param content      the content-addressed store of package files ({@code <pipelineDir>/content})
 * @param packages     package files, their states and history
 * @param repositories repositories and their numbered versions
 * @param signingKeys  the site's signing keys
 * @param advisories   site and upstream advisories
 * @param jobs         the server's durable jobs (syncs, publishes)
 * @param notifier     where the pipeline's notices go
 * @param pipelineDir  the pipeline's files: {@code content/}, {@code quarantine/}, {@code publications/}
 * @param releases     adding to, removing from and promoting between repositories; marking packages tested
 */
public record PipelineServices(Remotes remotes, ContentStore content, Packages packages, Repositories repositories,
                               SigningKeys signingKeys, Advisories advisories, Jobs jobs, Notifier notifier,
                               Path pipelineDir, Releases releases) {
}
