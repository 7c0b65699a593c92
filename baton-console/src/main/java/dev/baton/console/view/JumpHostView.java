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

    /** Whether a step's output was cut to its last {@link JumpStep#MAX_OUTPUT} characters. */
    public static boolean cut(JumpStep step) {
        return step.output().length() >= JumpStep.MAX_OUTPUT;
    }
}
