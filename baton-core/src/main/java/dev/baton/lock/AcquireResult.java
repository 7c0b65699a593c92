package dev.baton.lock;

/**
 * The answer to an acquire.
 *
 * @param lock     the lock after the decision, or {@code null} when it does not exist
 * @param position where a refused waiter stood in the queue when it gave up (0 if it never queued)
 */
public record AcquireResult(Status status, LockView lock, int position) {

    public enum Status {
        /** A slot was taken now. */
        GRANTED,
        /** The holder already had a slot; it keeps that one slot (re-entrant, idempotent). */
        ALREADY_HELD,
        /** Every slot is taken, or waiters are ahead. */
        FULL,
        /** Waited the whole time without getting a slot. */
        TIMEOUT,
        /** The lock is frozen (or the fleet is): no new grants. */
        FROZEN,
        /** The lock is disabled: no acquire, no release. */
        DISABLED,
        /** The lock does not exist and the request did not create it. */
        NOT_FOUND,
        /** The waiting caller went away before a slot came free. */
        CANCELLED
    }

    /** True when the caller holds a slot now. */
    public boolean granted() {
        return status == Status.GRANTED || status == Status.ALREADY_HELD;
    }
}
