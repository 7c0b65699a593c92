package dev.baton.jobs;

/**
 * What a running {@link JobHandler} is given: its job, whether this run resumes an earlier one, a way to report
 * progress, and whether it should stop.
 */
public interface JobContext {

    /** The job as it was when this run claimed it. */
    Job job();

    /** The job's parameters (a JSON text the handler owns; may be empty). */
    default String parameters() {
        return job().parameters();
    }

    /**
     * True when an earlier run of this job was claimed and did not finish (its server died or stopped): the
     * handler must expect half-done work.
     */
    boolean resume();

    /**
     * Reports how far the job has come. Cheap to call often: the store is written at most a few times a second,
     * and the last report is always written before the job ends.
     */
    void progress(long done, long total, String unit, String message);

    /** As {@link #progress(long, long, String, String)}, with the whole report. */
    default void progress(JobProgress progress) {
        progress(progress.done(), progress.total(), progress.unit(), progress.message());
    }

    /**
     * True when the handler should stop: an operator cancelled the job, this server is shutting down, or this runner
     * lost the job's lock (its lease ran out) and another runner may have taken the job over.
     */
    boolean cancelled();

    /**
     * Who cancelled the job, when an operator did ({@link Jobs#cancel}); {@code null} when the job was not cancelled
     * or {@link #cancelled()} is true only because this server is stopping or lost the job. A handler whose work
     * would otherwise be resumed later (a jump run) tells the two apart: an operator's cancel ends the work for good.
     */
    default String cancelledBy() {
        return null;
    }
}
