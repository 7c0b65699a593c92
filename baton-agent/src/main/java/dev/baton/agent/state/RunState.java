package dev.baton.agent.state;

import java.util.ArrayList;
import java.util.List;

/**
 * What the state file says: the <em>next</em> phase to run, the run it belongs to, the scripts of that phase that
 * already finished successfully (so a resumed phase does not run them again), and, while a reboot is pending, the
 * boot the reboot command ran in.
 *
 * @param runId        null in state files written by the seeds' clients (one line, the phase only)
 * @param done         names of the scripts of {@code next} that exited 0, in the order they ran
 * @param rebootBootId with {@code next} = post_update: the boot id when the reboot command ran, so that post_update
 *                     waits for another boot; null when no reboot is pending (none was needed, it was skipped,
 *                     the boot id was unknown, or post_update has begun after it)
 */
public record RunState(Phase next, String runId, List<String> done, String rebootBootId) {

    public RunState {
        done = List.copyOf(done);
    }

    public RunState(Phase next, String runId, List<String> done) {
        this(next, runId, done, null);
    }

    public static RunState start(Phase next, String runId) {
        return new RunState(next, runId, List.of());
    }

    public RunState moveTo(Phase phase) {
        return new RunState(phase, runId, List.of());
    }

    public RunState withDone(String script) {
        List<String> d = new ArrayList<>(done);
        d.add(script);
        return new RunState(next, runId, d, rebootBootId);
    }

    /** With the boot the reboot command runs in (null: none pending). */
    public RunState withRebootBootId(String bootId) {
        return new RunState(next, runId, done, bootId);
    }
}
