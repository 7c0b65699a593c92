package dev.baton.agent.state;

import java.util.ArrayList;
import java.util.List;

/**
 * What the state file says: the <em>next</em> phase to run, the run it belongs to, the scripts of that phase that
 * already finished successfully (so a resumed phase does not run them again), the script of that phase that is
 * running (or was, when the agent was killed), and, while a reboot is pending, the boot the reboot command ran in.
 *
 * @param runId        null in state files written by the seeds' clients (one line, the phase only)
 * @param done         names of the scripts of {@code next} that exited 0, in the order they ran
 * @param running      the script of {@code next} started and not yet seen to end, else null
 * @param rebootBootId with {@code next} = post_update: the boot id when the reboot command ran, so that post_update
 *                     waits for another boot; null when no reboot is pending (none was needed, it was skipped,
 *                     the boot id was unknown, or post_update has begun after it)
 */
public record RunState(Phase next, String runId, List<String> done, RunningScript running, String rebootBootId) {

    public RunState {
        done = List.copyOf(done);
    }

    public RunState(Phase next, String runId, List<String> done) {
        this(next, runId, done, null, null);
    }

    public static RunState start(Phase next, String runId) {
        return new RunState(next, runId, List.of());
    }

    /** The next phase, with nothing of it done yet. */
    public RunState moveTo(Phase phase) {
        return new RunState(phase, runId, List.of());
    }

    /** With {@code script} done (and no longer running). */
    public RunState withDone(String script) {
        List<String> d = new ArrayList<>(done);
        d.add(script);
        return new RunState(next, runId, d, null, rebootBootId);
    }

    /** With the script that is about to start (null: none is running). */
    public RunState withRunning(RunningScript script) {
        return new RunState(next, runId, done, script, rebootBootId);
    }

    /** With the boot the reboot command runs in (null: none pending). */
    public RunState withRebootBootId(String bootId) {
        return new RunState(next, runId, done, running, bootId);
    }

    /** With this run id (for a state the seeds wrote, which has none). */
    public RunState withRunId(String id) {
        return new RunState(next, id, done, running, rebootBootId);
    }
}
