package dev.baton.lock;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A lock as the store holds it: its settings, its holders (oldest first) and its waiters (queue order,
 * expired ones included: the service decides what counts).
 */
public record LockRecord(String name, LockSettings settings, Instant createdAt, List<Hold> holders, List<Waiter> waiters) {

    public boolean isHeldBy(String holder) {
        return holders.stream().anyMatch(h -> h.holder().equals(holder));
    }

    public LockRecord withSettings(LockSettings newSettings) {
        return new LockRecord(name, newSettings, createdAt, holders, waiters);
    }

    /** This lock with one more holder, the newest. */
    public LockRecord withHolder(Hold hold) {
        List<Hold> more = new ArrayList<>(holders);
        more.add(hold);
        return withHolders(more);
    }

    public LockRecord withoutHolder(String holder) {
        return withHolders(holders.stream().filter(h -> !h.holder().equals(holder)).toList());
    }

    /** This lock with {@code change} applied to the hold of {@code holder}, if it holds. */
    public LockRecord withHoldChanged(String holder, UnaryOperator<Hold> change) {
        return withHolders(holders.stream().map(h -> h.holder().equals(holder) ? change.apply(h) : h).toList());
    }

    public LockRecord withHolders(List<Hold> newHolders) {
        return new LockRecord(name, settings, createdAt, List.copyOf(newHolders), waiters);
    }
}
