package dev.baton.agent.cli;

import java.util.List;

/**
 * What {@code baton-agent status} shows, as {@code status --json} writes it (see {@link Json}).
 *
 * @param state          {@code idle} (no update in progress), {@code in_progress}, or {@code invalid} (the state
 *                       file is not valid: {@code state_error} says why)
 * @param nextPhase      the phase the next run starts or resumes at; null when idle or invalid
 * @param runId          the run in progress; null when idle, invalid, or a state the seeds wrote
 * @param done           the scripts of {@code next_phase} already done
 * @param lockName       the lock this host takes
 * @param lockHeld       whether the state says this host holds the lock (from pre_update to lock_release)
 * @param runningScript  the script of {@code next_phase} that was started and not seen to end, or null
 * @param rebootPending  with {@code next_phase} post_update: the reboot it waits for, or null
 * @param agentRunning   whether an agent runs now (holds the single-instance lock); null when that cannot be read
 * @param agentOwner     who runs ("pid 123, started ..."), or null
 * @param lastRun        the last run's outcome, or null when none is recorded
 * @param server         with {@code --check-lock}: what the lock server says; else null
 * @param stateError     why the state file is not valid, or null
 */
record StatusView(String state, String nextPhase, String runId, List<String> done, String lockName, boolean lockHeld,
                  RunningScriptView runningScript, RebootView rebootPending, Boolean agentRunning, String agentOwner,
                  LastRunView lastRun, ServerView server, String stateError) {

    /**
     * @param name          the script's name
     * @param processGroup  its process group
     * @param started       when it started (ISO-8601, UTC)
     * @param alive         whether a process of its group still runs
     */
    record RunningScriptView(String name, long processGroup, String started, boolean alive) {
    }

    /**
     * @param bootId   the boot the reboot command ran in
     * @param rebooted whether this host has booted since; null when its boot id is unknown
     */
    record RebootView(String bootId, Boolean rebooted) {
    }

    /** The last run's record ({@code <state>.last-run}); times ISO-8601, UTC. */
    record LastRunView(String runId, String started, String finished, String result, String phase, int exitCode, String message) {
    }

    /**
     * @param holder the holder id asked about
     * @param held   what the server says; null when the protocol cannot tell or it could not be asked
     * @param error  why it could not be asked, else null
     */
    record ServerView(String holder, Boolean held, String error) {
    }
}
