package dev.baton.store;

import dev.baton.lock.EventPage;
import dev.baton.lock.FleetPolicy;
import dev.baton.lock.ForwardingLockTransaction;
import dev.baton.lock.Hold;
import dev.baton.lock.LockEvent;
import dev.baton.lock.LockRecord;
import dev.baton.lock.LockSettings;
import dev.baton.lock.LockStore;
import dev.baton.lock.Protocol;
import dev.baton.lock.Waiter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A store that passes everything through, and runs a step once right after an update commits and before
 * it returns to the service, when that update did what the trigger looks for ("queued web-2", "granted
 * web-1"), or once inside an update's transaction. Races that depend on a few microseconds between two steps
 * of the service become deterministic.
 */
final class HookedLockStore implements LockStore {

    private final LockStore delegate;
    private volatile Predicate<List<String>> trigger = done -> false;
    private volatile Runnable step = () -> { };
    private volatile Runnable inside;
    private volatile boolean retryNext;

    HookedLockStore(LockStore delegate) {
        this.delegate = delegate;
    }

    /** Runs {@code step} once, after the first update whose actions match {@code trigger}. */
    void once(Predicate<List<String>> trigger, Runnable step) {
        this.step = step;
        this.trigger = trigger;
    }

    /** Runs {@code step} once, inside the next update's transaction, before its work decides anything. */
    void onceInside(Runnable step) {
        this.inside = step;
    }

    /**
     * Runs the next update's work twice, as an optimistic store does when another server committed first:
     * the first run is rolled back (whatever it wrote, the lock's creation included), the second commits.
     */
    void onceRetried() {
        this.retryNext = true;
    }

    /** Thrown out of the first run of a retried update, to roll it back. */
    private static final class RolledBack extends RuntimeException {
        RolledBack() {
            super("rolled back to be run again", null, false, false);
        }
    }

    static Predicate<List<String>> did(String action) {
        return done -> done.contains(action);
    }

    @Override
    public <T> T update(String name, LockSettings initial, Work<T> work) {
        List<String> done = new ArrayList<>();
        Runnable before = inside;
        inside = null;
        if (retryNext) {
            retryNext = false;
            try {
                delegate.update(name, initial, tx -> {
                    work.apply(tx);
                    throw new RolledBack();
                });
            } catch (RolledBack expected) {
                // the next run sees the store as it was before this one
            }
        }
        T result = delegate.update(name, initial, tx -> {
            done.clear();
            if (before != null) {
                before.run();
            }
            return work.apply(new Recording(tx, done));
        });
        Predicate<List<String>> t = trigger;
        if (t.test(done)) {
            synchronized (this) {
                if (trigger == t) {
                    trigger = x -> false;
                    step.run();
                }
            }
        }
        return result;
    }

    @Override
    public <T> T updateFleet(FleetWork<T> work) {
        return delegate.updateFleet(work);
    }

    @Override
    public Optional<LockRecord> read(String name) {
        return delegate.read(name);
    }

    @Override
    public List<LockRecord> readAll() {
        return delegate.readAll();
    }

    @Override
    public FleetPolicy fleet() {
        return delegate.fleet();
    }

    @Override
    public EventPage history(dev.baton.lock.EventQuery query) {
        return delegate.history(query);
    }

    @Override
    public Optional<LockRecord> readWithoutQueue(String name) {
        return delegate.readWithoutQueue(name);
    }

    @Override
    public void extendWaiters(String serverId, Instant expiresAt) {
        delegate.extendWaiters(serverId, expiresAt);
    }

    @Override
    public int purgeExpiredWaiters(Instant now) {
        return delegate.purgeExpiredWaiters(now);
    }

    @Override
    public int purgeEvents(Instant before, int limit) {
        return delegate.purgeEvents(before, limit);
    }

    @Override
    public String describe() {
        return "hooked " + delegate.describe();
    }

    @Override
    public void close() {
        // the fixture closes the database
    }

    /** Notes the grants, removals and queueings of a decision, in order, for the hooks. */
    private static final class Recording extends ForwardingLockTransaction {
        private final List<String> done;

        Recording(LockTransaction tx, List<String> done) {
            super(tx);
            this.done = done;
        }

        @Override
        public void addHolder(Hold hold) {
            done.add("granted " + hold.holder());
            super.addHolder(hold);
        }

        @Override
        public void removeHolder(String holder) {
            done.add("removed " + holder);
            super.removeHolder(holder);
        }

        @Override
        public Waiter addWaiter(Waiter waiter) {
            done.add("queued " + waiter.holder());
            return super.addWaiter(waiter);
        }
    }
}
