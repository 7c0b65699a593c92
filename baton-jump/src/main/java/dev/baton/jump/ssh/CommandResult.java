package dev.baton.jump.ssh;

import java.time.Duration;

/**
 * How a remote command ended.
 *
 * @param exitStatus the command's exit status (0 success); a command killed by a signal reports 128 + the signal's
 *        number, as a shell would
 * @param outputTail the last {@value #TAIL_LIMIT} characters of its output (standard output and error, in order of
 *        arrival), for the store and the operator
 * @param took how long it ran
 */
public record CommandResult(int exitStatus, String outputTail, Duration took) {

    /** How much output a result keeps. */
    public static final int TAIL_LIMIT = 64 * 1024;

    /** Whether the command succeeded (exit status 0). */
    public boolean succeeded() {
        return exitStatus == 0;
    }
}
