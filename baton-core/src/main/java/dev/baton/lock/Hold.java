package dev.baton.lock;

import java.time.Instant;

/**
 * One occupied slot.
 *
 * @param acquiredAt    when the holder took the slot; staleness counts from here
 * @param renewedAt     the last acquire by the same holder; a lease counts from here
 * @param staleReported whether the stale event was already written, so it is written once
 */
public record Hold(String holder, Instant acquiredAt, Instant renewedAt, Protocol protocol, boolean staleReported) {

    public Hold renewed(Instant at) {
        return new Hold(holder, acquiredAt, at, protocol, staleReported);
    }

    public Hold withStaleReported() {
        return new Hold(holder, acquiredAt, renewedAt, protocol, true);
    }
}
