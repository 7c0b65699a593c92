package dev.baton.jobs;

import dev.baton.lock.BadRequestException;
import java.util.Locale;

/**
 * Where a job is in its life. A job is {@link #QUEUED} until a runner claims it, {@link #RUNNING} while a runner works on it
 * (and after that runner's server died, until another runner takes it over and resumes it), then ends in one of the three
 * finished states, which never change again.
 */
public enum JobState {
    /** Submitted; no runner has claimed it yet. */
    QUEUED,
    /** A runner claimed it; it runs, or its runner died and it waits to be resumed. */
    RUNNING,
    /** The handler returned normally. */
    SUCCEEDED,
    /** The handler threw, or the job was given up after too many attempts; {@link Job#error()} says why. */
    FAILED,
    /** Cancelled by an operator before it ended: at once when queued, at the handler's next check when running. */
    CANCELLED;

    /** Queued or running: at most one such job per kind and subject. */
    public boolean active() {
        return this == QUEUED || this == RUNNING;
    }

    /** The lower-case name used in JSON, the CLI and the store. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name, with a clear error naming the valid ones. */
    public static JobState fromWire(String name) {
        for (JobState state : values()) {
            if (state.wireName().equalsIgnoreCase(name == null ? "" : name.strip())) {
                return state;
            }
        }
        throw new BadRequestException("unknown job state '" + name + "'; use one of queued, running, succeeded, failed, cancelled");
    }
}
