package dev.baton.console;

import dev.baton.jobs.Jobs;
import dev.baton.pipeline.advisory.Advisories;
import dev.baton.pipeline.remote.Remotes;
import dev.baton.pipeline.repository.Packages;
import dev.baton.pipeline.repository.Repositories;

/**
 * What the console's pipeline pages read: the server's durable jobs and the package pipeline's services (the
 * server builds them once and hands them over; the console only reads them).
 */
public record PipelineSources(Jobs jobs, Remotes remotes, Repositories repositories, Packages packages,
                              Advisories advisories) {
}
