package dev.baton.lock;

/**
 * What one decision inside the store's compare-and-set produced ({@link LockUpdates#update}).
 *
 * @param value  the answer for the caller
 * @param waiter set when the caller was queued and must wait
 * @param wake   how many local waiters to wake after commit
 */
record Decision(Object value, Waiter waiter, int wake) {

    /** An acquire answered at once, waking as many local waiters as the lock has free slots. */
    static Decision answer(AcquireResult.Status status, LockView view, int position) {
        return new Decision(new AcquireResult(status, view, position), null, view.free());
    }

    @SuppressWarnings("unchecked")
    <R> R result() {
        return (R) value;
    }
}
