package dev.baton.lock;

import java.time.Instant;

/**
 * A caller queued for a slot. Waiters are stored, so that every server sharing a store serves them in
 * one first-come first-served order, and so a non-waiting caller on another server cannot jump the queue.
 *
 * @param id        unique per wait
 * @param seq       the queue order, assigned by the store; 0 before it is stored
 * @param expiresAt the waiter counts only until then; the server that holds the waiting request keeps
 *                  extending it, so a waiter whose server died leaves the queue by itself
 * @param serverId  the server process holding the waiting request
 */
public record Waiter(String id, String holder, long seq, Instant since, Instant expiresAt, String serverId) {

    /** This waiter with the place the store gave it in the queue. */
    public Waiter withSeq(long newSeq) {
        return new Waiter(id, holder, newSeq, since, expiresAt, serverId);
    }
}
