package dev.baton.jobs;

/**
 * How far a job has come, as its handler last reported it.
 *
 * @param done    units done so far
 * @param total   units in all; 0 when not known yet
 * @param unit    what is counted ("packages", "bytes"); may be empty
 * @param message what the job is doing now, for people; may be empty
 */
public record JobProgress(long done, long total, String unit, String message) {

    /** What a job shows before its handler reported anything. */
    public static final JobProgress NONE = new JobProgress(0, 0, "", "");

    /** The longest message kept; longer ones are cut. */
    public static final int MAX_MESSAGE = 500;

    public JobProgress {
        if (done < 0 || total < 0) {
            throw new IllegalArgumentException("progress must not be negative, got " + done + "/" + total);
        }
        unit = unit == null ? "" : unit.length() > 40 ? unit.substring(0, 40) : unit;
        message = message == null ? "" : message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
    }

    /** The fraction done, between 0 and 1; 0 while the total is unknown. */
    public double fraction() {
        return total == 0 ? 0 : Math.min(1.0, (double) done / total);
    }
}
