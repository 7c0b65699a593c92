package dev.baton.lock;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The requests waiting on this server, per lock, in queue order. Only the stored queue decides who is
 * served; this registry decides whom to wake, so a release wakes the next waiter instead of all of them
 * (ten thousand waiters re-reading the store on every release would be a thundering herd).
 *
 * <p>How a wake-up is never lost:
 * <ul>
 *   <li>A request is registered <em>before</em> its first decision, when its place in the stored queue is
 *       not known yet, and until {@linkplain #place placed} it is woken by every wake of its lock. So a slot
 *       freed between the commit that queued it and its first wait still reaches it.</li>
 *   <li>A wake of {@code count} counts only requests that are idle in {@link Ticket#await}. One that is busy
 *       deciding (just granted, or deciding on what it read before this release) is signalled but not
 *       counted, so the wake also reaches the next idle waiter; a busy one that goes back to waiting finds
 *       the signal kept and decides once more.</li>
 *   <li>Registering, placing, removing and waking the requests of one lock are atomic with each other.</li>
 * </ul>
 */
final class LocalWaiters {

    private final ConcurrentHashMap<String, Queue> byLock = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();

    /** The requests of one lock: placed ones by stored sequence number, and those not placed yet. */
    private static final class Queue {
        final TreeMap<Long, Ticket> placed = new TreeMap<>();
        final Set<Ticket> unplaced = new HashSet<>();

        boolean isEmpty() {
            return placed.isEmpty() && unplaced.isEmpty();
        }
    }

    /** Registers a request that may be queued on the lock; it is woken by every wake until placed. */
    Ticket register(String lockName) {
        Ticket ticket = new Ticket(lockName);
        byLock.compute(lockName, (k, queue) -> {
            Queue q = queue == null ? new Queue() : queue;
            q.unplaced.add(ticket);
            return q;
        });
        count.incrementAndGet();
        return ticket;
    }

    /** Puts the request at its place in the queue: the sequence number the store gave its waiter. */
    void place(Ticket ticket, long seq) {
        byLock.computeIfPresent(ticket.lockName, (k, q) -> {
            if (!q.unplaced.remove(ticket) && ticket.seq != seq) {
                q.placed.remove(ticket.seq, ticket);
            }
            ticket.seq = seq;
            q.placed.put(seq, ticket);
            return q;
        });
    }

    void unregister(Ticket ticket) {
        byLock.computeIfPresent(ticket.lockName, (k, q) -> {
            q.unplaced.remove(ticket);
            q.placed.remove(ticket.seq, ticket);
            return q.isEmpty() ? null : q;
        });
        count.decrementAndGet();
    }

    /**
     * Wakes the first {@code count} idle waiters of the lock, and with them every request of the lock that is
     * busy deciding ahead of them or not placed yet.
     */
    void wake(String lockName, int count) {
        if (count <= 0) {
            return;
        }
        byLock.computeIfPresent(lockName, (k, q) -> {
            q.unplaced.forEach(Ticket::signal);
            int woken = 0;
            for (Ticket ticket : q.placed.values()) {
                if (woken >= count) {
                    break;
                }
                if (ticket.idle) {
                    woken++;
                }
                ticket.signal();
            }
            return q;
        });
    }

    Set<String> locks() {
        return byLock.keySet();
    }

    int count() {
        return count.get();
    }

    /** One waiting request. A signal that arrives before the wait is kept, so no wake-up is lost. */
    static final class Ticket {
        final String lockName;
        /** Guarded by the lock's queue (changed only inside its compute). */
        private long seq = -1;
        /** True while blocked in {@link #await}: only then does a wake count it. */
        private volatile boolean idle;
        private final Semaphore signal = new Semaphore(0);

        Ticket(String lockName) {
            this.lockName = lockName;
        }

        void signal() {
            if (signal.availablePermits() == 0) {
                signal.release();
            }
        }

        /** Waits for a signal; returns early with true when signalled. */
        boolean await(Duration timeout) throws InterruptedException {
            idle = true;
            try {
                return signal.tryAcquire(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
            } finally {
                idle = false;
                signal.drainPermits();
            }
        }
    }
}
