package dev.baton.lock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A lock as callers see it, with policy resolved (server defaults applied) and staleness computed now.
 *
 * @param frozen        frozen by itself or by a fleet freeze
 * @param freezeReason  the lock's own reason, else the fleet's
 * @param staleAfter    the stale_after that applies: a holder held longer is stale; {@code null} when off
 * @param staleAfterFrom where {@code staleAfter} comes from
 */
public record LockView(String name, int slots, boolean enabled, boolean frozen, String freezeReason,
                       Duration staleAfter, StaleAfterFrom staleAfterFrom, Duration lease, Instant createdAt,
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

    /** Where a lock's stale_after comes from. */
    public enum StaleAfterFrom {
        /** The lock's own setting: a duration, or off for this lock whatever the server's default. */
        LOCK,
        /** The server's default ({@code --stale-after}); the lock inherits it. */
        SERVER,
        /** Neither sets one: staleness is off. */
        NONE;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public record HolderView(String holder, Instant acquiredAt, Instant renewedAt, Protocol protocol, boolean stale) {
    }

    /** @param position 1 for the next waiter to be served */
    public record WaiterView(String holder, int position, Instant since) {
    }
}
