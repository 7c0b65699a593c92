package dev.baton.console.view;

import dev.baton.hosts.HostSummary;
import dev.baton.progress.RunReport;
import java.time.Instant;

/**
 * A host in a table.
 *
 * @param state  its {@link dev.baton.hosts.HostState} by wire name: idle, waiting, updating, failed, stale or not_seen
 * @param phase  the phase of its agent's newest report, or null
 * @param status the status of that report, or null
 */
public record HostRow(String name, String state, boolean registered, Instant lastCheckIn, String lastProtocol,
                      String phase, String status, Instant reportedAt) {

    public static HostRow of(HostSummary h) {
        RunReport r = h.host().lastReport();
        return new HostRow(h.name(), h.state().wireName(), h.host().registered().isPresent(), h.host().lastCheckIn(),
                h.host().lastProtocol(), r == null ? null : r.phase(), r == null ? null : r.status(), r == null ? null : r.at());
    }
}
