package dev.baton.console.view;

import dev.baton.jump.run.JumpStep;
import java.time.Instant;
import java.util.List;

/**
 * A host of a jump run with its log: every line it ran, from the store (the durable per-line record), oldest first.
 */
public record JumpHostView(JumpHostItem item, List<JumpStep> steps, Instant now) {

    /** How many lines an output has (its last line need not end with a line break). */
    public static int lines(String output) {
        if (output.isEmpty()) {
            return 0;
        }
        int n = (int) output.chars().filter(c -> c == '\n').count();
        return output.endsWith("\n") ? n : n + 1;
    }

    /** How long a step ran: "42 s", "under a second", or "running" while it has not ended. */
    public static String took(JumpStep step) {
        if (step.finishedAt() == null) {
            return "running";
        }
        String span = Times.span(java.time.Duration.between(step.startedAt(), step.finishedAt()));
        return span == null ? "under a second" : span;
    }

    /**
     * Whether the page refreshes: while the run is active and the host may change by itself (waiting, running,
     * rebooting). A host that waits for an operator or ended changes only by an action, which lands on the run's page;
     * so a long log being read is not redrawn under its reader.
     */
    public boolean live() {
        var state = item.host().state();
        return item.run().state().active() && !state.awaitsOperator() && !state.ended();
    }

    /** Whether a step's output was cut to its last {@link JumpStep#MAX_OUTPUT} characters. */
    public static boolean cut(JumpStep step) {
        return step.output().length() >= JumpStep.MAX_OUTPUT;
    }
}
