package dev.baton.lock;

import java.time.Duration;

/**
 * The policy of one lock, read from the store each time a decision is made and never copied into
 * holder records (airlock and kured froze slot counts and TTLs into lock state; changes never applied).
 *
 * @param slots        how many holders at once; lowering it below the current holders evicts nobody
 * @param enabled      a disabled lock can be neither acquired nor released (as in Foreman DLM)
 * @param frozen       no new grants; holders keep their slots and may release
 * @param freezeReason why it was frozen, required when frozen
 * @param staleAfter   a holder held longer than this is reported stale; {@code null}: the server's default (off when
 *                     the server has none); {@link #STALE_AFTER_OFF}: never stale, whatever the server's default
 * @param lease        a holder not renewed within this is released automatically; {@code null}: never (the default)
 */
public record LockSettings(int slots, boolean enabled, boolean frozen, String freezeReason,
                           Duration staleAfter, Duration lease) {

    /** The upper bound on slots: far above any fleet, low enough to catch a typo. */
    public static final int MAX_SLOTS = 100_000;

    /** A lock's {@link #staleAfter} that turns staleness off for it even when the server has a default. */
    public static final Duration STALE_AFTER_OFF = Duration.ZERO;

    public LockSettings {
        if (slots < 0 || slots > MAX_SLOTS) {
            throw new BadRequestException("slots must be between 0 and " + MAX_SLOTS + ", got " + slots);
        }
        if (staleAfter != null && staleAfter.isNegative()) {
            throw new BadRequestException("stale_after must be positive, or zero for off");
        }
        if (lease != null && (lease.isNegative() || lease.isZero())) {
            throw new BadRequestException("lease must be positive");
        }
    }

    public static LockSettings withSlots(int slots) {
        return new LockSettings(slots, true, false, null, null, null);
    }

    public LockSettings slots(int newSlots) {
        return new LockSettings(newSlots, enabled, frozen, freezeReason, staleAfter, lease);
    }

    public LockSettings enabled(boolean newEnabled) {
        return new LockSettings(slots, newEnabled, frozen, freezeReason, staleAfter, lease);
    }

    public LockSettings frozen(boolean newFrozen, String reason) {
        return new LockSettings(slots, enabled, newFrozen, newFrozen ? reason : null, staleAfter, lease);
    }

    public LockSettings timing(Duration newStaleAfter, Duration newLease) {
        return new LockSettings(slots, enabled, frozen, freezeReason, newStaleAfter, newLease);
    }
}
