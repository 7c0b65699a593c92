package dev.baton.store;

import static org.awaitility.Awaitility.await;

import dev.baton.lock.AcquireRequest;
import dev.baton.lock.AcquireResult;
import dev.baton.lock.EventPage;
import dev.baton.lock.FleetPolicy;
import dev.baton.lock.LockEvent;
import dev.baton.lock.LockHousekeeping;
import dev.baton.lock.LockListener;
import dev.baton.lock.LockPolicy;
import dev.baton.lock.LockReader;
import dev.baton.lock.LockService;
import dev.baton.lock.LockServiceSettings;
import dev.baton.lock.LockStore;
import dev.baton.lock.LockView;
import dev.baton.lock.Locks;
import dev.baton.lock.Protocol;
import dev.baton.lock.ReleaseResult;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What every lock contract test works with: a lock service over a fresh database of the store under test,
 * the clock that service reads, and short helpers. {@link LockServiceContract} provides it, once per store.
 */
public interface LockFixture {

    /** How long a test waits for something that should happen at once (a grant after a release). */
    Duration PROMPTLY = Duration.ofSeconds(5);

    /** The locks under test (the first "server"); their clock is {@link #clock()}. */
    Locks locks();

    /** The acquire and release of {@link #locks()}. */
    default LockService service() {
        return locks().service();
    }

    /** The policy changes of {@link #locks()}. */
    default LockPolicy policy() {
        return locks().policy();
    }

    /** The reads of {@link #locks()}. */
    default LockReader reader() {
        return locks().reader();
    }

    /** The periodic tasks of {@link #locks()}, which tests run by hand. */
    default LockHousekeeping housekeeping() {
        return locks().housekeeping();
    }

    /** A second server on the same database: on PostgreSQL its own connection pool, like another process. */
    Locks secondServer();

    /** Another server over the same database, reading the given clock (the model test uses a fixed one). */
    Locks locksWith(InstantSource clock);

    /** Another server over the given store, for tests that wrap the store. */
    default Locks locksOver(LockStore store) {
        return locksOver(store, LockServiceSettings.DEFAULTS);
    }

    /** Another server on {@code store} with other settings, on {@link #clock()}. */
    default Locks locksOver(LockStore store, LockServiceSettings settings) {
        return locksOver(store, settings, e -> { });
    }

    /** Another server on {@code store} with other settings and its own listener, on {@link #clock()}. */
    Locks locksOver(LockStore store, LockServiceSettings settings, LockListener listener);

    TestClock clock();

    /** The store of {@link #service()}, for the few tests that plant state through the SPI. */
    LockStore store();

    Database database();

    /** Every event the listener of {@link #locks()} was told of, in order. */
    List<LockEvent> published();

    /** Every event the listener of {@link #secondServer()} was told of, in order. */
    List<LockEvent> publishedBySecondServer();

    /** Starts a thread the fixture interrupts and joins after the test. */
    Thread startThread(String name, Runnable body);

    /** How many random operation sequences the model test runs on this store. */
    int modelSequences();

    // ------------------------------------------------------------------------------------ short helpers

    default AcquireResult acquire(String lock, String holder) {
        return service().acquire(AcquireRequest.now(lock, holder, holder, Protocol.NATIVE));
    }

    default ReleaseResult release(String lock, String holder) {
        return service().release(lock, holder, holder, Protocol.NATIVE, false);
    }

    default LockView show(String lock) {
        return reader().show(lock).orElseThrow(() -> new AssertionError("no lock " + lock));
    }

    default List<String> holders(String lock) {
        return show(lock).holders().stream().map(LockView.HolderView::holder).toList();
    }

    default List<String> waiters(String lock) {
        return show(lock).waiters().stream().map(LockView.WaiterView::holder).toList();
    }

    /** The id of the newest event in the store, 0 when there is none. */
    default long newestEventId() {
        List<LockEvent> newest = reader().events(null, null, 1).events();
        return newest.isEmpty() ? 0 : newest.getFirst().id();
    }

    /** Events written after {@code afterId}, oldest first. */
    default List<LockEvent> eventsAfter(long afterId) {
        List<LockEvent> found = new ArrayList<>();
        Long before = null;
        do {
            EventPage page = reader().events(null, before, 20);
            for (LockEvent e : page.events()) {
                if (e.id() <= afterId) {
                    return found.reversed();
                }
                found.add(e);
            }
            before = page.nextBefore();
        } while (before != null);
        return found.reversed();
    }

    /** Everything a caller can read: every lock, the fleet policy and the whole history. */
    record Snapshot(List<LockView> locks, FleetPolicy fleet, List<LockEvent> events) {
    }

    default Snapshot snapshot() {
        return new Snapshot(reader().list(), reader().fleet(), eventsAfter(0));
    }

    // ------------------------------------------------------------------------------------------- waiting

    /** An acquire running on its own thread. */
    record Waiting(String holder, Thread thread, CompletableFuture<AcquireResult> result) {

        /** The answer, which must come within {@link #PROMPTLY}. */
        public AcquireResult get() {
            return get(PROMPTLY);
        }

        public AcquireResult get(Duration within) {
            try {
                return result.get(within.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError(holder + " got no answer within " + within.toMillis() + " ms", e);
            } catch (ExecutionException e) {
                throw new AssertionError(holder + "'s acquire failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        public boolean answered() {
            return result.isDone();
        }
    }

    /** Starts {@code holder} acquiring {@code lock} on {@code server}, waiting up to {@code wait}. */
    default Waiting startWaiting(Locks server, String lock, String holder, Duration wait) {
        CompletableFuture<AcquireResult> result = new CompletableFuture<>();
        Thread t = startThread("wait-" + holder, () -> {
            try {
                result.complete(server.service().acquire(
                        new AcquireRequest(lock, holder, holder, Protocol.NATIVE, wait, true)));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return new Waiting(holder, t, result);
    }

    /** Starts a waiter on {@link #service()} and returns once the lock lists it as waiting. */
    default Waiting queue(String lock, String holder) {
        Waiting w = startWaiting(locks(), lock, holder, Duration.ofSeconds(60));
        awaitQueued(lock, holder);
        return w;
    }

    default void awaitQueued(String lock, String holder) {
        await().atMost(PROMPTLY).pollInterval(Duration.ofMillis(2))
                .until(() -> reader().show(lock).map(v -> v.waiters().stream()
                        .anyMatch(w -> w.holder().equals(holder))).orElse(false));
    }
}
