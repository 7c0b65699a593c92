package dev.baton.jump.run;

import java.util.function.Consumer;

/**
 * A host's progress written to the store under the runner's token; every write that the store refuses (another runner
 * claimed the run) throws {@link LostRunException}. Tells the run's coordinator of each host change.
 */
final class HostRecorder {

    private final JumpStore store;
    private final String token;
    private final Consumer<JumpHost> changed;

    HostRecorder(JumpStore store, String token, Consumer<JumpHost> changed) {
        this.store = store;
        this.token = token;
        this.changed = changed;
    }

    void started(JumpStep step, JumpHost host) {
        check(store.stepStarted(token, step, host), host.run());
        changed.accept(host);
    }

    void output(JumpStep step) {
        check(store.stepOutput(token, step), step.run());
    }

    void ended(JumpStep step, JumpHost host) {
        check(store.stepEnded(token, step, host), host.run());
        changed.accept(host);
    }

    void save(JumpHost host) {
        check(store.saveHost(token, host), host.run());
        changed.accept(host);
    }

    private static void check(boolean written, String run) {
        if (!written) {
            throw new LostRunException(run);
        }
    }
}
