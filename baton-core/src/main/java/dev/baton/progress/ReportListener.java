package dev.baton.progress;

/** Told of every report after it is stored (notifications of failed runs). Must not throw. */
@FunctionalInterface
public interface ReportListener {
    void recorded(RunReport report);
}
