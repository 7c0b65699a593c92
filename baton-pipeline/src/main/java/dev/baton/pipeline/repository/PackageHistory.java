package dev.baton.pipeline.repository;

import dev.baton.pipeline.rpm.Nevra;
import java.util.List;

/**
 * Everything Baton knows of one NEVRA: its files (original, signed copies), every state event of each file in id
 * order, and the current state of each file (of its own and per repository), each as the event that set it.
 */
public record PackageHistory(Nevra nevra, List<PackageRecord> files, List<PackageEvent> events,
                             List<PackageEvent> current) {
    public PackageHistory {
        files = List.copyOf(files);
        events = List.copyOf(events);
        current = List.copyOf(current);
    }
}
