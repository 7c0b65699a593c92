package dev.baton.lock;

import java.time.Duration;

/**
 * A request for a slot.
 *
 * @param waitFor how long to wait for a slot; zero: answer at once
 * @param create whether an unknown lock is created (with the server's default slots) or refused
 */
public record AcquireRequest(String lockName, String holder, String actor, Protocol protocol, Duration waitFor, boolean create) {

    public AcquireRequest {
        Names.lockName(lockName);
        Names.holder(holder);
        if (waitFor == null || waitFor.isNegative()) {
            throw new BadRequestException("wait must be zero or more seconds");
        }
    }

    public static AcquireRequest now(String lockName, String holder, String actor, Protocol protocol) {
        return new AcquireRequest(lockName, holder, actor, protocol, Duration.ZERO, true);
    }
}
