package dev.baton.jobs;

import java.time.Instant;

/**
 * One durable job as the store has it.
 *
 * @param id              assigned by the store, increasing
 * @param kind            which {@link JobHandler} runs it ("sync", "publish")
 * @param subject         what it works on (a remote's or repository's name); one active job per kind and subject
 * @param parameters      a JSON text owned by the handler; may be empty
 * @param actor           who submitted it ("system" for a scheduled one)
 * @param attempts        how many times a runner claimed it; more than 1 after a takeover
 * @param runner          the id of the server that claimed it last; {@code null} while queued
 * @param startedAt       when it was first claimed; {@code null} while queued
 * @param updatedAt       the last change of state or progress
 * @param finishedAt      when it ended; {@code null} while active
 * @param error           why it failed or who cancelled it; {@code null} otherwise
 * @param cancelRequestedBy who asked to cancel it while it was running; {@code null} when nobody did
 */
public record Job(long id, String kind, String subject, JobState state, JobProgress progress, String parameters,
                  String actor, int attempts, String runner, Instant createdAt, Instant startedAt, Instant updatedAt,
                  Instant finishedAt, String error, String cancelRequestedBy) {

    public boolean active() {
        return state.active();
    }

    /** The name of the Baton lock a running job of this kind and subject holds. */
    public String lockName() {
        return JobNames.lockName(kind, subject);
    }
}
