package dev.baton.lock;

import java.time.Instant;
import java.util.Optional;

/**
 * A {@link LockStore.LockTransaction} that passes every call to another one; a subclass overrides the calls it
 * watches. The one place that lists every call of a transaction, so that a call added to the interface reaches
 * every wrapper (the lock service's event recording, the tests' hooked stores) without being forgotten in one.
 */
public abstract class ForwardingLockTransaction implements LockStore.LockTransaction {

    private final LockStore.LockTransaction delegate;

    protected ForwardingLockTransaction(LockStore.LockTransaction delegate) {
        this.delegate = delegate;
    }

    @Override
    public LockRecord lock() {
        return delegate.lock();
    }

    @Override
    public boolean created() {
        return delegate.created();
    }

    @Override
    public FleetPolicy fleet() {
        return delegate.fleet();
    }

    @Override
    public int waitersAhead(long seq, Instant now, int cap) {
        return delegate.waitersAhead(seq, now, cap);
    }

    @Override
    public Optional<Waiter> waiter(String waiterId) {
        return delegate.waiter(waiterId);
    }

    @Override
    public void extendWaiter(String waiterId, Instant expiresAt) {
        delegate.extendWaiter(waiterId, expiresAt);
    }

    @Override
    public void saveSettings(LockSettings settings) {
        delegate.saveSettings(settings);
    }

    @Override
    public void addHolder(Hold hold) {
        delegate.addHolder(hold);
    }

    @Override
    public void renewHolder(String holder, Instant at) {
        delegate.renewHolder(holder, at);
    }

    @Override
    public void markStaleReported(String holder) {
        delegate.markStaleReported(holder);
    }

    @Override
    public void removeHolder(String holder) {
        delegate.removeHolder(holder);
    }

    @Override
    public Waiter addWaiter(Waiter waiter) {
        return delegate.addWaiter(waiter);
    }

    @Override
    public void removeWaiter(String waiterId) {
        delegate.removeWaiter(waiterId);
    }

    @Override
    public void removeWaitersOf(String holder) {
        delegate.removeWaitersOf(holder);
    }

    @Override
    public void append(LockEvent event) {
        delegate.append(event);
    }

    @Override
    public void attach(Attachment attachment) {
        delegate.attach(attachment);
    }
}
