package dev.baton.console.view;

import dev.baton.jobs.Job;
import java.time.Instant;

/** A job's state and progress, the part of its page that refreshes every 2 s while it is queued or running. */
public record JobProgressView(Job job, Instant now) {

    /** The progress as a whole percentage, or -1 while the total is unknown. */
    public int percent() {
        return job.progress().total() == 0 ? -1 : (int) Math.floor(job.progress().fraction() * 100);
    }

    /** "12 of 40 packages", or the done count alone while the total is unknown, or empty before any report. */
    public String counts() {
        var p = job.progress();
        String unit = p.unit().isEmpty() ? "" : " " + p.unit();
        if (p.total() > 0) {
            return p.done() + " of " + p.total() + unit;
        }
        return p.done() > 0 ? p.done() + unit : "";
    }
}
