package dev.baton.jobs;

/**
 * The work of one kind of job, registered with {@link Jobs#register}. A handler runs on a thread of its own, at most
 * once at a time per subject across every server sharing the store.
 *
 * <p>Its contract:
 * <ul>
 *   <li>Return normally when the work is done: the job {@link JobState#SUCCEEDED succeeds}. Throw to fail it: the job
 *       is {@link JobState#FAILED} with the exception's message as its error.</li>
 *   <li>Be resumable: a server may die at any point, and the job is then run again from the start by another runner
 *       (or the same server after a restart) with {@link JobContext#resume()} true. Work already done must be found
 *       and skipped, never done twice in a way that shows (a sync fetches only what it does not have yet).</li>
 *   <li>Check {@link JobContext#cancelled()} between steps and return soon when it is true; an interrupt of the
 *       handler's thread means the same.</li>
 * </ul>
 */
@FunctionalInterface
public interface JobHandler {

    void run(JobContext context) throws Exception;
}
