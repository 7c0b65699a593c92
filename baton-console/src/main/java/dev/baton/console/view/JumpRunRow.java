package dev.baton.console.view;

import dev.baton.jump.run.HostState;
import dev.baton.jump.run.JumpRun;
import java.util.Map;

/**
 * One run on the Jumps page: the run and how many of its hosts are in each state.
 *
 * @param counts hosts per state; a state no host is in may be missing
 */
public record JumpRunRow(JumpRun run, Map<HostState, Integer> counts) {

    public int count(HostState state) {
        return counts.getOrDefault(state, 0);
    }

    /** Hosts that hold a slot now: running, rebooting, failed or waiting for an operator. */
    public int midJump() {
        return count(HostState.RUNNING) + count(HostState.REBOOTING) + count(HostState.FAILED)
                + count(HostState.INTERRUPTED);
    }

    /** The recipe's file name (the whole path is in the row's tooltip). */
    public String recipeName() {
        String file = run.recipeFile();
        int slash = file.lastIndexOf('/');
        return slash < 0 || slash == file.length() - 1 ? file : file.substring(slash + 1);
    }

    public String link() {
        return Urls.jump(run.name());
    }
}
