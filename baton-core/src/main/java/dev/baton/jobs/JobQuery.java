package dev.baton.jobs;

import dev.baton.lock.BadRequestException;

/**
 * Which jobs to list, newest first; the filters are optional ({@code null}).
 *
 * @param before only jobs with a smaller id (the previous page's {@link JobPage#nextBefore})
 * @param limit  1 to {@link #MAX_LIMIT}
 */
public record JobQuery(String kind, JobState state, Long before, int limit) {

    public static final int MAX_LIMIT = 1000;
    public static final int DEFAULT_LIMIT = 50;

    public JobQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequestException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
    }

    public static JobQuery latest(int limit) {
        return new JobQuery(null, null, null, limit);
    }
}
