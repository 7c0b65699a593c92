package dev.baton.lock;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

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

    LockReader(LockUpdates updates) {
        this.updates = updates;
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

    /** Events newest first; {@code lockName} null for the fleet. {@code limit} between 1 and 1000. */
    public EventPage events(String lockName, Long before, int limit) {
        if (lockName != null) {
            Names.lockName(lockName);
        }
        if (limit < 1 || limit > 1000) {
            throw new BadRequestException("limit must be between 1 and 1000");
        }
        return updates.store().events(lockName, before, limit);
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
