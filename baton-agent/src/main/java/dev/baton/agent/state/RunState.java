package dev.baton.agent.state;

import java.util.ArrayList;
import java.util.List;

/**
 * What the state file says: the <em>next</em> phase to run, the run it belongs to, and the scripts of that
 * phase that already finished successfully (so a resumed phase does not run them again).
 *
 * @param runId null in state files written by the seeds' clients (one line, the phase only)
 * @param done  names of the scripts of {@code next} that exited 0, in the order they ran
 */
public record RunState(Phase next, String runId, List<String> done) {

    public RunState {
        done = List.copyOf(done);
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
        return new RunState(next, runId, d);
    }
}
