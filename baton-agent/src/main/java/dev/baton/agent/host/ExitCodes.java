package dev.baton.agent.host;

/**
 * The agent's exit codes; compatible with the seeds (0 nothing to do or done, 1 any failure).
 */
public final class ExitCodes {
    /**
     * Nothing to do, done, reboot started, waiting for the reboot, date or window not matching, {@code --after_reboot}
     * with nothing to resume.
     */
    public static final int OK = 0;
    /**
     * A failure: a script failed (the lock is kept), the lock was not acquired, a script a killed run left is still
     * running, bad configuration, another instance running.
     */
    public static final int FAILURE = 1;
    /** Command-line usage error (unknown option, bad value). */
    public static final int USAGE = 2;
    /** {@code refresh-config}: the lock file is held by another run (os-refresh-config's code). */
    public static final int BUSY = 11;

    private ExitCodes() {
    }
}
