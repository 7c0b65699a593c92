package dev.baton.agent.state;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The phases of an update run, in order, with the names the seeds write into their state file.
 * The lock is held from {@link #PRE_UPDATE} through {@link #LOCK_RELEASE}.
 */
public enum Phase {
    /** Run every {@code needs_update.d} script; any non-zero exit means updates are available. */
    NEEDS_UPDATE("needs_update", "needs_update.d"),
    /** Take the lock, waiting as configured. */
    LOCK_GET("lock_get", null),
    /** Prepare (stop services, back up); stops at the first failing script. */
    PRE_UPDATE("pre_update", "pre_update.d"),
    /** Install the updates; stops at the first failing script. */
    UPDATE("update", "update.d"),
    /** Any non-zero exit, or no scripts at all, means a reboot is needed. */
    NEEDS_REBOOT("needs_reboot", "needs_reboot.d"),
    /** {@code reboot_cmd}, or the {@code reboot.d} scripts; the state says {@code post_update} before it starts. */
    REBOOT("reboot", "reboot.d"),
    /** Restore and check the services; stops at the first failing script. */
    POST_UPDATE("post_update", "post_update.d"),
    /** Give the lock back and remove the state file. */
    LOCK_RELEASE("lock_release", null);

    private final String stateName;
    private final String dirKey;

    Phase(String stateName, String dirKey) {
        this.stateName = stateName;
        this.dirKey = dirKey;
    }

    /** The name in the state file and in reports ({@code pre_update}). */
    public String stateName() {
        return stateName;
    }

    /** The config key of the phase's script directory, or null for the lock phases. */
    public String dirKey() {
        return dirKey;
    }

    /** Whether the agent holds the lock when this phase is next. */
    public boolean lockHeld() {
        return compareTo(PRE_UPDATE) >= 0;
    }

    /** Phases whose scripts change the host: they stop at the first failure and are resumed script by script. */
    public boolean isAction() {
        return this == PRE_UPDATE || this == UPDATE || this == POST_UPDATE || this == REBOOT;
    }

    public static Phase fromStateName(String name) {
        for (Phase p : values()) {
            if (p.stateName.equals(name)) {
                return p;
            }
        }
        return null;
    }

    public static String stateNames() {
        return Arrays.stream(values()).map(Phase::stateName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return stateName;
    }
}
