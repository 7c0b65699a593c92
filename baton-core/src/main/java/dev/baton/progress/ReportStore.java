package dev.baton.progress;

import java.time.Instant;
import java.util.List;

/** Where agent progress reports are kept. */
public interface ReportStore {

    RunReport add(RunReport report);

    /** The newest report of every host, by host name. */
    List<RunReport> latestPerHost();

    /** A host's reports newest first, with ids below {@code before} (null: the newest). */
    List<RunReport> forHost(String host, Long before, int limit);

    /** Deletes reports received before {@code cutoff}; returns how many. */
    int purgeBefore(Instant cutoff);
}
