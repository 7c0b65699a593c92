package dev.baton.jump.run;

import java.util.Locale;

/** Where one host of a jump run is. */
public enum HostState {
    /** Not started yet: waits for its pre-checks and a slot, in the run's order. */
    WAITING,
    /** Holds a slot and runs its recipe; {@link JumpHost#line()} is the line it runs. */
    RUNNING,
    /** Holds a slot and waits for the host to go down and come back after a reboot line. */
    REBOOTING,
    /** Every line ran; its slot was given back. */
    DONE,
    /** A line failed (or the host did not come back in time): it keeps its slot until an operator retries or skips. */
    FAILED,
    /**
     * A line had started but its end was never recorded (Baton stopped or lost the host meanwhile): it is never run
     * again blindly; the host keeps its slot until an operator retries or skips the line, with its output so far.
     */
    INTERRUPTED,
    /**
     * A pre-check failed: never started, never held a slot; {@link JumpHost#message()} says why. An operator may retry
     * it while the run is active (its pre-checks run again when its turn comes).
     */
    REFUSED,
    /** The run was aborted before this host finished. */
    ABORTED;

    /** The host will change no more in this run. */
    public boolean ended() {
        return this == DONE || this == REFUSED || this == ABORTED;
    }

    /** The host waits for an operator's retry or skip, holding its slot. */
    public boolean awaitsOperator() {
        return this == FAILED || this == INTERRUPTED;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static HostState fromWire(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
