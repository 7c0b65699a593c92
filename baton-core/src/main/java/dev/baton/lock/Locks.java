package dev.baton.lock;

import java.time.InstantSource;

/**
 * The locks of one server: the parts of the lock domain, built together over one store so that they share
 * what must be shared (the requests waiting on this server, the server's id in the stored queue, the
 * clock and the listener). Build one per server process and hand each caller the part it needs:
 * <ul>
 *   <li>{@link #service()}: acquire and release, for the protocol doors;</li>
 *   <li>{@link #policy()}: slots, timing, enable, freeze of a lock and of the fleet, for operators;</li>
 *   <li>{@link #reader()}: locks, the fleet policy and history as they are;</li>
 *   <li>{@link #housekeeping()}: the periodic tasks the server runs.</li>
 * </ul>
 * Two {@code Locks} over one store behave as two servers: each wakes its own waiters at once and the
 * other's at the other's next pump.
 */
public final class Locks {

    /** How old the lock list behind {@link LockReader#page} may be when nothing was changed through this server. */
    public static final java.time.Duration LIST_MAX_AGE = java.time.Duration.ofSeconds(1);

    private final LockService service;
    private final LockPolicy policy;
    private final LockReader reader;
    private final LockHousekeeping housekeeping;

    /**
     * @param listener told of every event after it is committed (metrics, notifications); must not block
     */
    public Locks(LockStore store, LockServiceSettings settings, InstantSource clock, LockListener listener) {
        LockPages.Listing listing = new LockPages.Listing(LIST_MAX_AGE);
        LockUpdates updates = new LockUpdates(store, settings, clock, event -> {
            listing.clear();
            listener.committed(event);
        });
        this.service = new LockService(updates);
        this.policy = new LockPolicy(updates);
        this.reader = new LockReader(updates, listing);
        this.housekeeping = new LockHousekeeping(updates);
    }

    /** With the default settings, the system clock and no listener. */
    public Locks(LockStore store) {
        this(store, LockServiceSettings.DEFAULTS, InstantSource.system(), e -> { });
    }

    public LockService service() {
        return service;
    }

    public LockPolicy policy() {
        return policy;
    }

    public LockReader reader() {
        return reader;
    }

    public LockHousekeeping housekeeping() {
        return housekeeping;
    }
}
