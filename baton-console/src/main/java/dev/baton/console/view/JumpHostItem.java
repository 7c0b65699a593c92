package dev.baton.console.view;

import dev.baton.jump.run.HostState;
import dev.baton.jump.run.JumpHost;
import dev.baton.jump.run.JumpRun;
import dev.baton.jump.run.JumpStep;

/**
 * One host of a jump run as its run page lists it.
 *
 * @param source  the recipe line the host runs, stopped at or ran last, as written in the recipe; empty before the first
 * @param stopped the step a failed or interrupted host stopped at (its command, exit status and output), or null
 */
public record JumpHostItem(JumpRun run, JumpHost host, String source, JumpStep stopped) {

    public String link() {
        return Urls.jumpHost(run.name(), host.name());
    }

    /** Whether an operator may retry the host now (the store decides again when it is posted). */
    public boolean retryable() {
        return run.state().active() && run.abortedBy() == null && host.decision() == null
                && (host.state().awaitsOperator() || host.state() == HostState.REFUSED);
    }

    /** Whether an operator may skip the line the host stopped at now. */
    public boolean skippable() {
        return run.state().active() && run.abortedBy() == null && host.decision() == null
                && host.state().awaitsOperator();
    }

}
