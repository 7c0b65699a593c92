package dev.baton.hosts;

import java.time.Instant;
import java.util.List;

/**
 * One line of the host list: a host as {@link HostRegistry#overview} sees it, with its state and the locks it
 * holds and waits for.
 *
 * @param host     the host: registered or only seen, its check-ins per door and its agent's latest step
 * @param state    see {@link HostState} for how it is decided
 * @param holds    the locks it holds, by name
 * @param waits    the locks it is queued for, by name
 * @param lastSeen its latest call or report, whichever is newer; null when neither
 */
public record HostSummary(SeenHost host, HostState state, List<String> holds, List<String> waits, Instant lastSeen) {

    public HostSummary {
        holds = List.copyOf(holds);
        waits = List.copyOf(waits);
    }

    public String name() {
        return host.name();
    }
}
