package dev.baton.lock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a server does for its locks by itself, on a timer: report stale holders and end expired leases,
 * keep its waiting requests in the queue, wake them when their lock changed elsewhere, and delete old
 * history. Built by {@link Locks}; the server calls each task periodically, at the intervals given here.
 *
 * <p>The contract:
 * <ul>
 *   <li>Each task is safe to run at any time, on any number of servers at once, and again after a crash:
 *       changes to a lock are compare-and-sets with their events ({@link #sweep}), the rest is idempotent.</li>
 *   <li>A task that is not run costs liveness, never safety: without {@link #pump} a waiter whose lock
 *       was released by another server waits for its timeout; without {@link #heartbeat} this server's
 *       waiters lose their places after {@link LockServiceSettings#waiterTtl()}; without {@link #sweep}
 *       an expired lease is still ended by the next acquire of its lock.</li>
 *   <li>A server that dies leaves waiters behind; other servers' heartbeats delete them once they are
 *       long expired. They count for nothing once expired.</li>
 * </ul>
 */
public final class LockHousekeeping {

    /** Events deleted per transaction by {@link #purgeEvents()}. */
    static final int PURGE_BATCH = 5_000;

    private final LockUpdates updates;

    LockHousekeeping(LockUpdates updates) {
        this.updates = updates;
    }

    /** How often to run {@link #pump()}: {@link LockServiceSettings#pumpInterval()}. */
    public Duration pumpInterval() {
        return updates.settings().pumpInterval();
    }

    /** How often to run {@link #heartbeat()}: a quarter of {@link LockServiceSettings#waiterTtl()}, so three may come late. */
    public Duration heartbeatInterval() {
        return updates.settings().waiterTtl().dividedBy(4);
    }

    /**
     * Reports newly stale holders (once each, as a STALE event) and releases holders whose lease ran
     * out. Returns the number of events written.
     */
    public int sweep() {
        int written = 0;
        Instant now = updates.now();
        for (LockRecord lock : updates.store().readAll()) {
            boolean due = lock.holders().stream().anyMatch(h -> updates.isStale(lock, h, now) && !h.staleReported()
                    || LockUpdates.leaseExpired(lock, h, now));
            if (!due) {
                continue;
            }
            try {
                written += updates.update(lock.name(), null, LockUpdates.SYSTEM, Protocol.SYSTEM, tx -> {
                    Instant at = updates.now();
                    int expired = updates.expireLeases(tx, at);
                    int stale = 0;
                    for (Hold h : tx.lock().holders()) {
                        if (updates.isStale(tx.lock(), h, at) && !h.staleReported()) {
                            tx.markStaleReported(h.holder());
                            updates.emit(tx, lock.name(), EventType.STALE, LockUpdates.SYSTEM, h.holder(),
                                    "held since " + h.acquiredAt() + ", longer than "
                                            + updates.staleAfter(tx.lock()).toMinutes() + " min",
                                    Protocol.SYSTEM);
                            stale++;
                        }
                    }
                    return new Decision(expired + stale, null, LockUpdates.freeFor(tx.lock(), at));
                }).<Integer>result();
            } catch (LockNotFoundException e) {
                // deleted meanwhile
            }
        }
        return written;
    }

    /**
     * Keeps this server's stored waiters in the queue, and deletes the waiters of dead servers once they
     * are a further {@code waiterTtl} past their expiry (expired waiters already count for nothing; the
     * grace lets a live request whose heartbeat was late keep its place). Call more often than
     * {@code waiterTtl}: every {@link #heartbeatInterval()}.
     */
    public void heartbeat() {
        Duration ttl = updates.settings().waiterTtl();
        if (updates.localWaiters().count() > 0) {
            updates.store().extendWaiters(updates.serverId(), updates.now().plus(ttl));
        }
        updates.store().purgeExpiredWaiters(updates.now().minus(ttl));
    }

    /**
     * Wakes local waiters of locks that have room, whatever changed them (another server, a lease).
     * Call every {@link #pumpInterval()}.
     */
    public void pump() {
        Instant now = updates.now();
        LocalWaiters localWaiters = updates.localWaiters();
        for (String name : List.copyOf(localWaiters.locks())) {
            updates.store().readWithoutQueue(name).ifPresent(lock -> {
                // Room appears by a release elsewhere (seen as a free slot) or by a lease running out here.
                long expiring = lock.holders().stream().filter(h -> LockUpdates.leaseExpired(lock, h, now)).count();
                int room = LockUpdates.freeFor(lock, now) + (int) expiring;
                if (room > 0) {
                    localWaiters.wake(name, room);
                }
            });
        }
    }

    /**
     * Deletes the events older than {@link LockServiceSettings#eventRetention()} (nothing when it is zero),
     * a batch per transaction so that writers wait at most one batch. Returns how many it deleted.
     */
    public long purgeEvents() {
        Duration retention = updates.settings().eventRetention();
        if (retention.isZero()) {
            return 0;
        }
        Instant before = updates.now().minus(retention);
        long purged = 0;
        int deleted;
        do {
            deleted = updates.store().purgeEvents(before, PURGE_BATCH);
            purged += deleted;
        } while (deleted == PURGE_BATCH);
        return purged;
    }

    /** How many requests are waiting on this server right now. */
    public int localWaiterCount() {
        return updates.localWaiters().count();
    }
}
