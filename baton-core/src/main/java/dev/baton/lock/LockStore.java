package dev.baton.lock;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where locks live. Implementations: the embedded SQLite store (default) and PostgreSQL; later etcd.
 *
 * <p>The store does not decide anything: {@link LockService} does, inside {@link #update}. The store
 * guarantees the two properties every decision relies on:
 * <ul>
 *   <li><b>Compare-and-set.</b> {@code update} runs its work against the current state of one lock, and
 *       no other change to that lock is committed between the read and the write (a row lock, a single
 *       writer, or an optimistic revision check with a retry).</li>
 *   <li><b>Durable before answered.</b> {@code update} returns only after the transaction is committed
 *       durably; if the work throws, nothing it wrote is kept.</li>
 * </ul>
 * A store may run the work more than once (optimistic stores retry on conflict), so work must have no
 * side effects outside the {@link LockTransaction} it is given.
 */
public interface LockStore extends AutoCloseable {

    /**
     * Runs {@code work} on lock {@code name} with exclusive access and commits what it wrote.
     *
     * @param initial when the lock does not exist: the settings to create it with (the transaction then
     *                says it {@linkplain LockTransaction#created() created} it), or {@code null} to throw
     *                {@link LockNotFoundException}
     */
    <T> T update(String name, LockSettings initial, Work<T> work);

    /** Runs {@code work} against the fleet-wide policy with exclusive access, and commits. */
    <T> T updateFleet(FleetWork<T> work);

    Optional<LockRecord> read(String name);

    /**
     * The lock and its holders without its queue ({@code waiters()} is empty): for callers that need only
     * its room, every second, however long the queue.
     */
    Optional<LockRecord> readWithoutQueue(String name);

    /** Every lock, by name. */
    List<LockRecord> readAll();

    FleetPolicy fleet();

    /**
     * A page of the events that match {@code query}, newest first. Fast at any depth: the store walks an index
     * backwards from {@code query.before()}, and a filter on a rare value (a holder, a type) reads only its rows.
     */
    EventPage history(EventQuery query);

    /**
     * Events newest first.
     *
     * @param lockName a lock, or {@code null} for the whole fleet
     * @param before   only events with an id below this; {@code null} for the newest
     */
    default EventPage events(String lockName, Long before, int limit) {
        return history(EventQuery.of(lockName, before, limit));
    }

    /** Extends the expiry of every waiter this server holds, so they stay in the queue while it lives. */
    void extendWaiters(String serverId, Instant expiresAt);

    /** Deletes waiters that expired before {@code now} (their server died); returns how many. */
    int purgeExpiredWaiters(Instant now);

    /**
     * Deletes up to {@code limit} of the oldest events that happened before {@code before}, in one
     * transaction, and returns how many it deleted. Callers repeat it until it deletes fewer than
     * {@code limit}, so no single transaction holds the store for long.
     */
    int purgeEvents(Instant before, int limit);

    /** A short description for logs and health checks, without secrets: "sqlite:/var/lib/baton/baton.db". */
    String describe();

    @Override
    void close();

    @FunctionalInterface
    interface Work<T> {
        T apply(LockTransaction tx);
    }

    @FunctionalInterface
    interface FleetWork<T> {
        T apply(FleetTransaction tx);
    }

    /**
     * The view of one lock inside {@link #update}. Changes are visible to later calls in the same work.
     * Its waiters are not loaded ({@code lock().waiters()} is empty): a queue may be ten thousand long,
     * and a decision needs only to count the live waiters ahead of a place, which
     * {@link #waitersAhead} does with at most {@code cap} rows read.
     */
    interface LockTransaction {
        LockRecord lock();

        /** True when this update created the lock, from the {@code initial} settings it was given. */
        boolean created();

        /** How many waiters that expire after {@code now} are queued before {@code seq}, counting at most {@code cap}. */
        int waitersAhead(long seq, Instant now, int cap);

        /** The stored waiter with this id, expired or not. */
        java.util.Optional<Waiter> waiter(String waiterId);

        /** Keeps a waiter (whose request is still waiting) in its place until {@code expiresAt}. */
        void extendWaiter(String waiterId, Instant expiresAt);

        /** The fleet-wide policy as of this transaction. */
        FleetPolicy fleet();

        void saveSettings(LockSettings settings);

        void addHolder(Hold hold);

        void renewHolder(String holder, Instant at);

        void markStaleReported(String holder);

        void removeHolder(String holder);

        /** Queues a waiter and returns it with its sequence number. */
        Waiter addWaiter(Waiter waiter);

        void removeWaiter(String waiterId);

        /** Removes every waiter of this holder in this lock (on grant: its other waits are moot). */
        void removeWaitersOf(String holder);

        void append(LockEvent event);

        /** Writes the caller's attachment in this transaction: stored if and only if the change commits. */
        void attach(Attachment attachment);
    }

    interface FleetTransaction {
        FleetPolicy policy();

        void save(FleetPolicy policy);

        void append(LockEvent event);

        /** Writes the caller's attachment in this transaction: stored if and only if the change commits. */
        void attach(Attachment attachment);
    }
}
