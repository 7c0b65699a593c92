package dev.baton.lock;

/** The answer to a release. Releasing what you do not hold is a successful no-op that says so. */
public record ReleaseResult(Status status, LockView lock) {

    public enum Status {
        RELEASED,
        /** The holder held no slot: nothing changed. */
        NOT_HELD,
        /** The lock is disabled: nothing changed. */
        DISABLED,
        /** No such lock: nothing changed. */
        NOT_FOUND
    }

    public boolean released() {
        return status == Status.RELEASED;
    }
}
