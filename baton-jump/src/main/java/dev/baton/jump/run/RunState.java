package dev.baton.jump.run;

import java.util.Locale;

/** Where a jump run is in its life. */
public enum RunState {
    /** Hosts are being handed slots and run. */
    RUNNING,
    /**
     * {@code --max-failures} hosts failed: no more slots are handed out until an operator retries or skips a failed
     * host (the run goes on) or aborts the run.
     */
    STOPPED,
    /** Every host ended (done, refused by a pre-check, or skipped). */
    FINISHED,
    /** An operator aborted it: no host starts another line; every slot was given back. */
    ABORTED;

    public boolean active() {
        return this == RUNNING || this == STOPPED;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunState fromWire(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
