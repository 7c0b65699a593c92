package dev.baton.lock;

import java.time.Duration;

/**
 * The server-wide defaults and timings of the lock service.
 *
 * @param defaultSlots      slots of a lock created on first use. Default 1.
 * @param defaultStaleAfter a holder held longer than this is reported stale, unless the lock sets its own.
 *                          Default 4 hours (Foreman DLM's default).
 * @param waiterTtl         how long a stored waiter counts without being extended by its server; a waiter
 *                          whose server died leaves the queue after this. Default 20 seconds.
 * @param pumpInterval      how often waiting requests re-check their lock for changes made elsewhere
 *                          (another server, a lease expiry). Releases on this server wake waiters at once.
 *                          Default 1 second.
 * @param maxWait           the longest a caller may wait for a slot in one request. Default 1 hour.
 */
public record LockServiceSettings(int defaultSlots, Duration defaultStaleAfter, Duration waiterTtl,
                                  Duration pumpInterval, Duration maxWait) {

    public static final LockServiceSettings DEFAULTS = new LockServiceSettings(
            1, Duration.ofHours(4), Duration.ofSeconds(20), Duration.ofSeconds(1), Duration.ofHours(1));

    public LockServiceSettings withDefaultSlots(int slots) {
        return new LockServiceSettings(slots, defaultStaleAfter, waiterTtl, pumpInterval, maxWait);
    }

    public LockServiceSettings withDefaultStaleAfter(Duration staleAfter) {
        return new LockServiceSettings(defaultSlots, staleAfter, waiterTtl, pumpInterval, maxWait);
    }

    public LockServiceSettings withTimings(Duration ttl, Duration pump) {
        return new LockServiceSettings(defaultSlots, defaultStaleAfter, ttl, pump, maxWait);
    }
}
