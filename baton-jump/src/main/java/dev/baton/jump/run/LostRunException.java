package dev.baton.jump.run;

/** This runner may write nothing more of the run: another runner claimed it (this one's job was taken over). */
final class LostRunException extends RuntimeException {

    LostRunException(String run) {
        super("jump run " + run + " was taken over by another runner");
    }
}
