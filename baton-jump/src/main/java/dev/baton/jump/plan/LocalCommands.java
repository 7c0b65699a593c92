package dev.baton.jump.plan;

import java.nio.file.Path;

/**
 * Runs the commands of {@code key=`cmd`} lines on the Baton side, for a plan asked to ({@code --run-local}). Without
 * one, a plan shows such a variable as a placeholder naming its command.
 */
@FunctionalInterface
public interface LocalCommands {

    /** What a command did: its exit status, its standard output and standard error. */
    record Output(int exitStatus, String stdout, String stderr) {
    }

    /** Runs {@code command} with {@code sh -c} in {@code directory} and waits for it. */
    Output run(String command, Path directory) throws java.io.IOException, InterruptedException;
}
