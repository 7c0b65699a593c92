package dev.baton.jump.run;

import java.util.Locale;

/** What became of one line run on one host. */
public enum StepState {
    /** Recorded before the line ran; still running, or its end was never recorded. */
    STARTED,
    /** Ended with exit status 0. */
    SUCCEEDED,
    /** Ended with another exit status, or could not be run. */
    FAILED,
    /** Found started without an end when the run resumed: it may or may not have run. */
    INTERRUPTED,
    /** An operator chose to go on past it. */
    SKIPPED,
    /**
     * The run was aborted while it ran: its command was ended (SIGTERM, then SIGKILL, through SSH); its output is what
     * was seen until then. Never counted as succeeded.
     */
    ABORTED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static StepState fromWire(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
