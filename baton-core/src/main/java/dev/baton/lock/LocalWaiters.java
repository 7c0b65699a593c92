package dev.baton.lock;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The requests waiting on this server, per lock, in queue order. Only the stored queue decides who is
 * served; this registry decides whom to wake, so a release wakes the next waiter instead of all of them
 * (ten thousand waiters re-reading the store on every release would be a thundering herd).
 */
final class LocalWaiters {

    private final Map<String, ConcurrentSkipListMap<Long, Ticket>> byLock = new ConcurrentHashMap<>();

    Ticket register(String lockName, long seq) {
        Ticket ticket = new Ticket(lockName, seq);
        byLock.computeIfAbsent(lockName, k -> new ConcurrentSkipListMap<>()).put(seq, ticket);
        return ticket;
    }

    void unregister(Ticket ticket) {
        byLock.computeIfPresent(ticket.lockName, (k, queue) -> {
            queue.remove(ticket.seq, ticket);
            return queue.isEmpty() ? null : queue;
        });
    }

    /** Wakes the first {@code count} waiters of the lock (at least one if any wait and count > 0). */
    void wake(String lockName, int count) {
        var queue = byLock.get(lockName);
        if (queue == null || count <= 0) {
            return;
        }
        int woken = 0;
        for (Ticket ticket : queue.values()) {
            if (woken++ >= count) {
                break;
            }
            ticket.signal();
        }
    }

    Set<String> locks() {
        return byLock.keySet();
    }

    int count() {
        return byLock.values().stream().mapToInt(Map::size).sum();
    }

    /** One waiting request. A signal that arrives before the wait is kept, so no wake-up is lost. */
    static final class Ticket {
        final String lockName;
        final long seq;
        private final Semaphore signal = new Semaphore(0);

        Ticket(String lockName, long seq) {
            this.lockName = lockName;
            this.seq = seq;
        }

        void signal() {
            if (signal.availablePermits() == 0) {
                signal.release();
            }
        }

        /** Waits for a signal; returns early with true when signalled. */
        boolean await(Duration timeout) throws InterruptedException {
            boolean signalled = signal.tryAcquire(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
            signal.drainPermits();
            return signalled;
        }
    }
}
