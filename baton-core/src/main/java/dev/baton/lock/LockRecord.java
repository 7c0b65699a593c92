package dev.baton.lock;

import java.time.Instant;
import java.util.List;

/**
 * A lock as the store holds it: its settings, its holders (oldest first) and its waiters (queue order,
 * expired ones included: the service decides what counts).
 */
public record LockRecord(String name, LockSettings settings, Instant createdAt, List<Hold> holders, List<Waiter> waiters) {

    public boolean isHeldBy(String holder) {
        return holders.stream().anyMatch(h -> h.holder().equals(holder));
    }
}
