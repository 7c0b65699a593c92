package dev.baton.console.view;

import dev.baton.jump.run.JumpRun;
import dev.baton.lock.LockView;
import java.time.Instant;
import java.util.List;

/**
 * A jump run's page, and the part of it that refreshes every 2 s while the run is active.
 *
 * @param groups  the hosts grouped by state, the groups that need an operator first; empty groups left out
 * @param lock    the run's lock ({@code jump-NAME}) as it is now, or null when it does not exist (yet, or any more)
 * @param hosts   how many hosts the run has
 */
public record JumpRunView(JumpRun run, List<JumpHostGroup> groups, LockView lock, int hosts, Instant now) {

    public boolean active() {
        return run.state().active();
    }

    /** Whether an operator may abort the run now. */
    public boolean abortable() {
        return active() && run.abortedBy() == null;
    }

    public String link() {
        return Urls.jump(run.name());
    }
}
