package dev.baton.progress;

import dev.baton.lock.BadRequestException;
import dev.baton.lock.Names;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * What every host's agent is doing: the steps agents report (phase, script, result), kept for
 * {@link #RETENTION} so operators see a wave's progress and each host's last run.
 */
public final class ProgressService {

    /** Reports older than this are deleted by {@link #purge()}. */
    public static final Duration RETENTION = Duration.ofDays(30);
    private static final int MAX_TEXT = 1000;

    private final ReportStore store;
    private final InstantSource clock;
    private final ReportListener listener;

    public ProgressService(ReportStore store, InstantSource clock) {
        this(store, clock, r -> { });
    }

    /** @param listener told of each report once it is stored */
    public ProgressService(ReportStore store, InstantSource clock, ReportListener listener) {
        this.store = store;
        this.clock = clock;
        this.listener = listener;
    }

    /** Validates and stores a report; fields too long are refused, not cut, so nothing is silently lost. */
    public RunReport record(String host, String runId, String phase, String script, String status, Integer exitCode,
                            String message, Instant at) {
        Names.holder(host);
        require("run_id", runId, 100);
        require("phase", phase, 100);
        require("status", status, 100);
        limit("script", script, 255);
        limit("message", message, MAX_TEXT);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant when = at == null ? now : at.truncatedTo(ChronoUnit.MILLIS);
        RunReport stored = store.add(new RunReport(0, host, runId, phase, script, status, exitCode, message, when, now));
        listener.recorded(stored);
        return stored;
    }

    /** Whether a report's status says the run failed ({@code failed}, as the agent reports it, or {@code error}). */
    public static boolean isFailure(RunReport report) {
        return report.status().equalsIgnoreCase("failed") || report.status().equalsIgnoreCase("error");
    }

    public List<RunReport> fleet() {
        return store.latestPerHost();
    }

    public List<RunReport> history(String host, Long before, int limit) {
        Names.holder(host);
        if (limit < 1 || limit > 1000) {
            throw new BadRequestException("limit must be between 1 and 1000");
        }
        return store.forHost(host, before, limit);
    }

    public int purge() {
        return store.purgeBefore(clock.instant().minus(RETENTION));
    }

    private static void require(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new BadRequestException("'" + field + "' is required");
        }
        limit(field, value, max);
    }

    private static void limit(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new BadRequestException("'" + field + "' is longer than " + max + " characters");
        }
    }
}
