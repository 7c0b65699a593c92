package dev.baton.console.view;

import dev.baton.hosts.Host;
import dev.baton.lock.LockEvent;
import dev.baton.progress.RunReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A host's page.
 *
 * @param registered the registry's host, or null for a host only seen or reporting
 * @param checkIns   its last call through each door, by door
 * @param holds      the locks it holds
 * @param waits      the locks it waits for
 * @param current    the run under way (its newest report is not a final one), or null
 * @param runs       its last runs, newest first, each with its steps
 */
public record HostPageView(String name, HostRow row, Host registered, Map<String, Instant> checkIns, List<String> holds,
                           List<String> waits, Run current, List<Run> runs, List<LockEvent> lockHistory, Instant now) {

    /** One agent pass: its steps oldest first. */
    public record Run(String runId, Instant started, Instant ended, String lastPhase, String lastStatus, Integer exitCode,
                      List<RunReport> steps) {
    }
}
