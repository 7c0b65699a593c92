package dev.baton.lock;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reading locks and their history, for doors, the console and metrics. Built by {@link Locks}.
 *
 * <p>Reads take no lock and change nothing: what they return is what the store had committed when they
 * ran, with policy resolved (server defaults applied, a fleet freeze shown on every lock) and staleness
 * computed at the moment of the read. A decision may commit right after; only {@link LockService}'s
 * answers say what a caller holds.
 */
public final class LockReader {

    private final LockUpdates updates;
    private final LockPages.Listing listing;

    LockReader(LockUpdates updates, LockPages.Listing listing) {
        this.updates = updates;
        this.listing = listing;
    }

    /** The lock with its holders and its live waiters in queue order; empty when there is no such lock. */
    public Optional<LockView> show(String lockName) {
        Names.lockName(lockName);
        FleetPolicy fleet = updates.store().fleet();
        Instant now = updates.now();
        return updates.store().read(lockName).map(lock -> updates.view(lock, fleet, now));
    }

    /** Every lock, by name. */
    public List<LockView> list() {
        FleetPolicy fleet = updates.store().fleet();
        Instant now = updates.now();
        return updates.store().readAll().stream().map(lock -> updates.view(lock, fleet, now)).toList();
    }

    /**
     * A page of the lock list: locks whose name contains the search text and that have every property asked for,
     * in the query's order, with the cursor of the next page and how many match. Cut from a list of every lock that
     * is read again after each change this server commits, and at least once a {@link Locks#LIST_MAX_AGE}: so it
     * shows this server's changes at once, and a waiter joining a queue or another server's change within that.
     */
    public LockPage page(LockQuery query) {
        return LockPages.page(listing.get(updates.now(), this::list), query);
    }

    /** Events newest first; {@code lockName} null for the fleet. {@code limit} between 1 and 1000. */
    public EventPage events(String lockName, Long before, int limit) {
        return history(EventQuery.of(lockName, before, limit));
    }

    /**
     * A page of the fleet-wide history with the query's filters, newest first; {@link EventPage#nextBefore()}
     * gives the next page. Each page costs the same at any depth.
     */
    public EventPage history(EventQuery query) {
        return updates.store().history(query);
    }

    /**
     * Every event that matches the query's filters, newest first, from {@code query.before()} down to the
     * oldest: read a page of {@code query.limit()} at a time, so an export of a million events holds one page in
     * memory. Returns how many it passed to {@code sink}. What commits meanwhile may or may not be included.
     */
    public long export(EventQuery query, Consumer<LockEvent> sink) {
        long count = 0;
        EventQuery page = query;
        while (true) {
            EventPage events = history(page);
            events.events().forEach(sink);
            count += events.events().size();
            if (events.nextBefore() == null) {
                return count;
            }
            page = page.before(events.nextBefore());
        }
    }

    /** The fleet-wide policy: whether the whole fleet is frozen, why, since when and by whom. */
    public FleetPolicy fleet() {
        return updates.store().fleet();
    }

    /** Where the locks are stored, for logs and health checks, without secrets. */
    public String describeStore() {
        return updates.store().describe();
    }
}
