package dev.baton.jump.plan;

import java.nio.file.Path;
import java.util.List;

/** The dry run of a recipe for one host: its log file ({@code _LOGFILE}) and its steps in order. */
public record HostPlan(String host, Path logFile, List<PlannedStep> steps) {
    public HostPlan {
        steps = List.copyOf(steps);
    }
}
