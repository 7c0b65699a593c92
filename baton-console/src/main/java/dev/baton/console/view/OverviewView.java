package dev.baton.console.view;

import dev.baton.lock.FleetPolicy;
import dev.baton.progress.RunReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The fleet overview.
 *
 * @param live         the part that updates live (fleet freeze and the locks)
 * @param hostsByState hosts per state, in a fixed order
 * @param failures     the newest failed steps reported by agents
 * @param deadLetters  notifications given up after their last try (a warning when not zero)
 */
public record OverviewView(OverviewLive live, Map<String, Integer> hostsByState, List<RunReport> failures, long deadLetters,
                           Instant now) {

    /**
     * The fleet's freeze and the locks, busiest first; rendered once per change and sent to every open overview.
     *
     * @param version the newest event's id when read (see {@link LockLive#version()})
     */
    public record OverviewLive(FleetPolicy fleet, List<LockRow> locks, int lockCount, int held, int waiting, long version,
                               Instant now) {
    }
}
