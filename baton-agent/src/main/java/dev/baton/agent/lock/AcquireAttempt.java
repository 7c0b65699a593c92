package dev.baton.agent.lock;

/**
 * The answer to one acquire.
 *
 * @param granted  this holder holds the lock now
 * @param detail   for people: "already held by this host", "held by web-3", "all 2 slots taken, position 4"
 */
public record AcquireAttempt(boolean granted, String detail) {

    public static AcquireAttempt granted(String detail) {
        return new AcquireAttempt(true, detail);
    }

    public static AcquireAttempt busy(String detail) {
        return new AcquireAttempt(false, detail);
    }
}
