package dev.baton.lock;

import java.time.Instant;

/**
 * One entry of a lock's history.
 *
 * @param id       assigned by the store, increasing; 0 before it is stored
 * @param lockName the lock, or {@code null} for a fleet-wide event (global freeze)
 * @param actor    who asked: a user name, a credential name, a host, or {@code system}
 * @param holder   the holder concerned, if any
 * @param reason   free text: why it was refused, why it was forced, what changed
 */
public record LockEvent(long id, String lockName, Instant at, EventType type, String actor,
                        String holder, String reason, Protocol protocol) {
}
