package dev.baton.agent.cli;

import java.util.List;

/**
 * What {@code baton-agent plan} shows, as {@code plan --json} writes it (see {@link Json}).
 *
 * @param lock      the lock and how it is taken
 * @param state     the run in progress, if any
 * @param gates     whether a new run may start now (date constraint, window); null when a run is in progress
 * @param phases    every phase in order, with its scripts
 * @param extNotify the {@code ext_notify.d} hooks (after every script, with six arguments)
 * @param onFailure the {@code on_failure.d} hooks (when a phase fails)
 */
record PlanView(LockView lock, StateView state, GatesView gates, List<PhaseView> phases, DirView extNotify, DirView onFailure) {

    /**
     * @param holder         the configured holder id; null means this host's FQDN
     * @param waitForLock    whether lock_get waits for a busy lock ({@code wait})
     * @param waitMaxSeconds how long lock_get waits; 0 with {@code wait} off (one try)
     */
    record LockView(String name, String protocol, String endpoint, String holder, boolean waitForLock, long waitMaxSeconds) {
    }

    /**
     * @param inProgress    whether a run is in progress (the state file names a phase after needs_update)
     * @param resumesAt     the phase the next run starts or resumes at
     * @param lockHeld      whether the state says this host holds the lock
     * @param runningScript the script of {@code resumes_at} a killed run left behind, or null
     * @param rebootBootId  the boot post_update waits to have left, or null
     */
    record StateView(boolean inProgress, String runId, String resumesAt, List<String> done, boolean lockHeld, String runningScript,
                     String rebootBootId) {
    }

    /**
     * @param dateConstraint the constraint in force ({@code --date_constraint} or the configuration's), or null
     * @param dateMatches    whether today matches it; null without one
     * @param window         the maintenance window, or null
     * @param insideWindow   whether now is inside it; null without one
     * @param startsNow      whether a run now would start (both allow it)
     */
    record GatesView(String dateConstraint, Boolean dateMatches, String window, Boolean insideWindow, boolean startsNow) {
    }

    /**
     * @param phase       its name, as in the state file
     * @param done        whether the run in progress is past it
     * @param does        what it does, for the phases without scripts (lock_get, lock_release) and a reboot_cmd;
     *                    else null
     * @param scripts     its script directory; null for lock_get, lock_release and a reboot by reboot_cmd
     * @param userScripts for pre_update and post_update: the scripts of {@code user_script_users}
     */
    record PhaseView(String phase, boolean done, String does, DirView scripts, List<UserScriptsView> userScripts) {
    }

    /**
     * @param dir        the directory; null when none is configured
     * @param problem    why its scripts cannot run ({@code does not exist}, or why it is refused), else null
     * @param ifProblem  what that means for a run
     * @param scripts    the scripts that run, in order
     * @param skipped    the files that do not run, and why
     */
    record DirView(String dir, String problem, String ifProblem, List<ScriptView> scripts, List<SkippedView> skipped) {
    }

    /**
     * @param runAs the user it runs as (sudo), or null for the agent's own
     * @param done  already done in the run in progress
     */
    record ScriptView(String name, String runAs, boolean done) {
    }

    record SkippedView(String file, String reason) {
    }

    /**
     * @param exists  whether the user exists on this host
     * @param scripts their {@code ~/dlm_engine_updater/<phase>.d}; null when the user does not exist
     */
    record UserScriptsView(String user, boolean exists, DirView scripts) {
    }
}
