package dev.baton.lock;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A {@link LockStore.LockTransaction} that passes every call through and records the events appended,
 * so that {@link LockUpdates#update} publishes them to the {@link LockListener} once the store has
 * committed. One per attempt: an optimistic store may run the work more than once, and only the events
 * of the attempt that committed may be published.
 */
record RecordingTransaction(LockStore.LockTransaction tx, List<LockEvent> events) implements LockStore.LockTransaction {

    @Override
    public LockRecord lock() {
        return tx.lock();
    }

    @Override
    public boolean created() {
        return tx.created();
    }

    @Override
    public FleetPolicy fleet() {
        return tx.fleet();
    }

    @Override
    public int waitersAhead(long seq, Instant now, int cap) {
        return tx.waitersAhead(seq, now, cap);
    }

    @Override
    public Optional<Waiter> waiter(String waiterId) {
        return tx.waiter(waiterId);
    }

    @Override
    public void extendWaiter(String waiterId, Instant expiresAt) {
        tx.extendWaiter(waiterId, expiresAt);
    }

    @Override
    public void saveSettings(LockSettings s) {
        tx.saveSettings(s);
    }

    @Override
    public void addHolder(Hold hold) {
        tx.addHolder(hold);
    }

    @Override
    public void renewHolder(String holder, Instant at) {
        tx.renewHolder(holder, at);
    }

    @Override
    public void markStaleReported(String holder) {
        tx.markStaleReported(holder);
    }

    @Override
    public void removeHolder(String holder) {
        tx.removeHolder(holder);
    }

    @Override
    public Waiter addWaiter(Waiter waiter) {
        return tx.addWaiter(waiter);
    }

    @Override
    public void removeWaiter(String waiterId) {
        tx.removeWaiter(waiterId);
    }

    @Override
    public void removeWaitersOf(String holder) {
        tx.removeWaitersOf(holder);
    }

    @Override
    public void append(LockEvent event) {
        tx.append(event);
        events.add(event);
    }
}
