package dev.baton.lock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A lock as callers see it, with policy resolved (server defaults applied) and staleness computed now.
 *
 * @param frozen      frozen by itself or by a fleet freeze
 * @param freezeReason the lock's own reason, else the fleet's
 */
public record LockView(String name, int slots, boolean enabled, boolean frozen, String freezeReason,
                       Duration staleAfter, Duration lease, Instant createdAt,
                       List<HolderView> holders, List<WaiterView> waiters) {

    public boolean isHeldBy(String holder) {
        return holders.stream().anyMatch(h -> h.holder().equals(holder));
    }

    public int free() {
        return Math.max(0, slots - holders.size());
    }

    public boolean stale() {
        return holders.stream().anyMatch(HolderView::stale);
    }

    public record HolderView(String holder, Instant acquiredAt, Instant renewedAt, Protocol protocol, boolean stale) {
    }

    /** @param position 1 for the next waiter to be served */
    public record WaiterView(String holder, int position, Instant since) {
    }
}
