package dev.baton.jobs;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where jobs are kept. Every change of a job's state is a compare-and-set on what the caller last saw, so that a job
 * is claimed by exactly one runner, and a runner that lost its job (another runner took it over after its lease) can
 * change nothing of it any more: the attempt number is the fencing token.
 */
public interface JobStore {

    /** What {@link #submit} did: a new job, or the active one of the same kind and subject. */
    record Submitted(Job job, boolean created) {
    }

    /**
     * Adds a {@link JobState#QUEUED} job unless a job of the same kind and subject is active; then answers that one.
     * Atomic: two concurrent submits of one kind and subject create one job.
     */
    Submitted submit(String kind, String subject, String parameters, String actor, Instant at);

    Optional<Job> get(long id);

    /** A page of jobs, newest first. */
    JobPage list(JobQuery query);

    /** Active jobs of the given kinds, oldest first, at most {@code limit}: the ones a runner may claim or take over. */
    List<Job> active(Collection<String> kinds, int limit);

    /** The newest job of a kind and subject, active or not. */
    Optional<Job> latest(String kind, String subject);

    /**
     * Claims a job for a runner if it is still in {@code expected} state with {@code expectedAttempts}: it becomes
     * {@link JobState#RUNNING} with the runner, one more attempt, its first start time kept. Empty when someone else
     * changed it first.
     */
    Optional<Job> claim(long id, JobState expected, int expectedAttempts, String runner, Instant at);

    /**
     * Saves the progress of the run with {@code attempts} while it is running; answers the job afterwards (with any
     * cancel request), or empty when the job is no longer this run's (finished, or taken over).
     */
    Optional<Job> progress(long id, int attempts, JobProgress progress, Instant at);

    /**
     * Ends the run with {@code attempts} in a finished state with its last progress and error (null when none);
     * false when the job is no longer this run's.
     */
    boolean finish(long id, int attempts, JobState state, JobProgress progress, String error, Instant at);

    /**
     * Cancels a job: a queued one becomes {@link JobState#CANCELLED} at once; a running one gets the cancel request
     * (its runner ends it); a finished one is left as it is. Answers the job afterwards; empty when there is none.
     */
    Optional<Job> cancel(long id, String actor, Instant at);
}
