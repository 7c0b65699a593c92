package dev.baton.jump.run;

import java.time.Instant;

/**
 * One run of a recipe across a set of hosts, as stored.
 *
 * @param name          unique; the run's Baton lock is {@code jump-<name>} and its job's subject is the name
 * @param recipeFile    the recipe's path as given (for messages and for {@code %_LOGFILE%}-style references)
 * @param recipeText    the recipe as it was when the run was created: a run never reads the file again
 * @param directory     where {@code local} lines and {@code key=`cmd`} run and relative files are found
 * @param slots         at most this many hosts mid-jump at once
 * @param maxFailures   no more slots are handed out while this many hosts are failed; 0: no limit
 * @param state         where the run is
 * @param abortedBy     who asked to abort it; {@code null} when nobody did
 * @param message       why it stopped or ended, for people; may be empty
 */
public record JumpRun(String name, String recipeFile, String recipeText, String directory, int slots, int maxFailures,
                      RunState state, String createdBy, Instant createdAt, Instant finishedAt, String abortedBy,
                      String message) {

    /** The Baton lock whose slots the run's hosts take. */
    public String lockName() {
        return RunNames.lockName(name);
    }

    public JumpRun with(RunState newState, String newMessage, Instant newFinishedAt) {
        return new JumpRun(name, recipeFile, recipeText, directory, slots, maxFailures, newState, createdBy, createdAt,
                newFinishedAt, abortedBy, newMessage);
    }
}
