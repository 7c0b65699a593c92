package dev.baton.lock;

import java.time.Duration;

/**
 * The server-wide defaults and timings of the lock service.
 *
 * @param defaultSlots      slots of a lock created on first use. Default 1.
 * @param defaultStaleAfter a holder held longer than this is reported stale, unless the lock sets its own (or turns
 *                          it off); {@code null}, the default: staleness is off unless a lock sets it.
 * @param waiterTtl         how long a stored waiter counts without being extended by its server; a waiter
 *                          whose server died leaves the queue after this. Default 20 seconds.
 * @param pumpInterval      how often waiting requests re-check their lock for changes made elsewhere
 *                          (another server, a lease expiry). Releases on this server wake waiters at once.
 *                          Default 1 second.
 * @param maxWait           the longest a caller may wait for a slot in one request. Default 1 hour.
 * @param eventRetention    events older than this are deleted by {@link LockHousekeeping#purgeEvents()};
 *                          {@link Duration#ZERO} keeps them forever. Default 365 days: a year of history for
 *                          audits, without a table that grows for as long as the fleet lives.
 */
public record LockServiceSettings(int defaultSlots, Duration defaultStaleAfter, Duration waiterTtl,
                                  Duration pumpInterval, Duration maxWait, Duration eventRetention) {

    public static final LockServiceSettings DEFAULTS = new LockServiceSettings(
            1, null, Duration.ofSeconds(20), Duration.ofSeconds(1), Duration.ofHours(1), Duration.ofDays(365));

    public LockServiceSettings {
        if (defaultStaleAfter != null && (defaultStaleAfter.isNegative() || defaultStaleAfter.isZero())) {
            throw new BadRequestException("the default stale_after must be positive, or absent for off");
        }
        if (eventRetention == null || eventRetention.isNegative()) {
            throw new BadRequestException("the event retention must be zero (keep forever) or positive");
        }
    }

    public LockServiceSettings withDefaultSlots(int slots) {
        return new LockServiceSettings(slots, defaultStaleAfter, waiterTtl, pumpInterval, maxWait, eventRetention);
    }

    public LockServiceSettings withDefaultStaleAfter(Duration staleAfter) {
        return new LockServiceSettings(defaultSlots, staleAfter, waiterTtl, pumpInterval, maxWait, eventRetention);
    }

    public LockServiceSettings withTimings(Duration ttl, Duration pump) {
        return new LockServiceSettings(defaultSlots, defaultStaleAfter, ttl, pump, maxWait, eventRetention);
    }

    public LockServiceSettings withEventRetention(Duration retention) {
        return new LockServiceSettings(defaultSlots, defaultStaleAfter, waiterTtl, pumpInterval, maxWait, retention);
    }
}
