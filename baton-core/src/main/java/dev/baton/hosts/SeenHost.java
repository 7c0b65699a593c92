package dev.baton.hosts;

import dev.baton.progress.RunReport;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A host as operators list them: registered or not, when it last called, and the last step its agent reported.
 *
 * @param name         the registered host's name, else the name it called or reported with
 * @param registered   the registry's host, or empty for a host only seen
 * @param lastCheckIn  its last call through any door, or null when it only reported
 * @param lastProtocol the door of that call, or null
 * @param lastReport   the newest step its agent reported, or null
 * @param checkIns     its last call through each door, by door (empty when it only reported)
 */
public record SeenHost(String name, Optional<Host> registered, Instant lastCheckIn, String lastProtocol, RunReport lastReport,
                       Map<String, Instant> checkIns) {

    public SeenHost {
        checkIns = Collections.unmodifiableMap(new TreeMap<>(checkIns));
    }
}
