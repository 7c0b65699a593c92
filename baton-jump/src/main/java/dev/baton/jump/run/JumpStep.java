package dev.baton.jump.run;

import java.time.Instant;

/**
 * One line run on one host: recorded as started before it runs, then with its end.
 *
 * @param seq        1, 2, ... per host: a retried line is a new step
 * @param statement  the index of its statement in the recipe (0-based)
 * @param line       its line in the recipe file (1-based)
 * @param text       what ran: the command or message with the variables substituted
 * @param exitStatus the exit status; {@code null} until it ended
 * @param output     the last {@link #MAX_OUTPUT} characters of its output (stdout and stderr in order of arrival); while it
 *                   runs, what was seen so far (saved every few seconds)
 */
public record JumpStep(String run, String host, int seq, int statement, int line, String text, StepState state,
                       Integer exitStatus, String output, Instant startedAt, Instant finishedAt) {

    /** The longest output kept per step; older output is cut from the front. */
    public static final int MAX_OUTPUT = 64 * 1024;

    public JumpStep {
        output = tail(output);
        text = text == null ? "" : text.length() > 4000 ? text.substring(0, 4000) : text;
    }

    public JumpStep ended(StepState newState, Integer newExitStatus, String newOutput, Instant at) {
        return new JumpStep(run, host, seq, statement, line, text, newState, newExitStatus, newOutput, startedAt, at);
    }

    public JumpStep withOutput(String newOutput) {
        return new JumpStep(run, host, seq, statement, line, text, state, exitStatus, newOutput, startedAt, finishedAt);
    }

    static String tail(String output) {
        if (output == null) {
            return "";
        }
        return output.length() <= MAX_OUTPUT ? output : output.substring(output.length() - MAX_OUTPUT);
    }
}
