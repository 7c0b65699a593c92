package dev.baton.jobs;

import java.util.List;

/**
 * A page of jobs, newest first.
 *
 * @param nextBefore the {@link JobQuery#before} of the next page; {@code null} on the last page
 */
public record JobPage(List<Job> jobs, Long nextBefore) {
}
