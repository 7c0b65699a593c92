package dev.baton.store.postgres;

import dev.baton.lock.LockSettings;
import dev.baton.lock.LockStore;
import dev.baton.lock.LockStore.LockTransaction;
import dev.baton.lock.LockStore.Work;
import dev.baton.lock.StoreUnavailableException;
import dev.baton.store.sql.LockWriter;
import dev.baton.store.sql.SqlFailure;
import dev.baton.store.sql.Writes;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lock updates on PostgreSQL with group commit: many decisions, one transaction, one fsync.
 *
 * <p>Updates wait in one queue. A writer thread takes every update waiting (up to {@link #BATCH}) and runs
 * them in one transaction on one pooled connection ({@link PostgresLockBatch}):
 * <ol>
 *   <li>One round trip reads every lock of the batch: the fleet's advisory lock (shared, see
 *       {@link dev.baton.store.Dialect}), the lock rows {@code FOR UPDATE} in name order, so that two batches,
 *       of this server or of another, never wait for each other in a circle; then, in later statements
 *       that see what the transactions they waited for committed, the holders, and which locks have a
 *       queue.</li>
 *   <li>Each update's work runs in arrival order against that state in memory, as changed by the updates
 *       before it in the batch.</li>
 *   <li>One round trip writes the difference and commits: holders removed and added, changed settings and
 *       the events, each kind one statement over arrays however many updates the batch holds.</li>
 *   <li>Only then is any caller answered, so every grant is durable before it is answered.</li>
 * </ol>
 * Waiters are the exception: a queue may be ten thousand long, so it is not read into memory. Writes to
 * waiters are kept in order and sent before any read of the queue.
 *
 * <p>A work that throws is undone alone: its state changes and its writes are dropped. If some of its
 * writes were already sent (a waiter queued, a lock created), the batch is rolled back and run again
 * without it. A failed commit fails every update of the batch. {@link PooledWrites} retries deadlocks and
 * lost connections by running the whole batch again, which {@link LockStore} allows: works may run more
 * than once.
 */
public final class PostgresLockWriter implements LockWriter {

    private static final Logger log = LoggerFactory.getLogger(PostgresLockWriter.class);
    /**
     * Writer threads, each with at most one transaction open: one batch can read while the one before it
     * waits for its commit to be flushed to disk.
     */
    public static final int WRITERS = 2;
    /** The most updates in one transaction. */
    static final int BATCH = 256;

    private final Writes writes;
    /** Run first in each batch's transaction: takes the fleet's advisory lock, shared. */
    private final String fleetShared;
    /** How long an update may wait for a writer: as long as a caller waits for a pooled connection. */
    private final long waitLimitMs;
    private final InstantSource clock;
    private final Predicate<Request<?>> waitedTooLong = this::failIfWaitedTooLong;
    private final BlockingQueue<Request<?>> queue = new LinkedBlockingQueue<>();
    private final List<Thread> writers = new ArrayList<>();
    /** Transactions committed, for tests that check updates were grouped. */
    private final AtomicLong commits = new AtomicLong();
    private volatile boolean closed;

    /**
     * @param writes      the pooled PostgreSQL writes of the database
     * @param fleetShared the statement that takes the fleet's advisory lock, shared, before a batch reads
     * @param waitLimitMs how long a caller waits for a pooled connection before it is told the store is
     *                    unavailable; an update waits no longer for a writer
     */
    public PostgresLockWriter(Writes writes, String fleetShared, long waitLimitMs, InstantSource clock) {
        this.writes = writes;
        this.fleetShared = fleetShared;
        this.waitLimitMs = waitLimitMs;
        this.clock = clock;
        for (int i = 0; i < WRITERS; i++) {
            writers.add(Thread.ofPlatform().name("baton-postgres-writer-" + i).daemon(true).start(this::loop));
        }
    }

    /** As {@link LockStore#update}: returns once the batch holding this update has committed. */
    @Override
    public <T> T update(String name, LockSettings initial, Work<T> work) {
        if (closed) {
            throw new StoreUnavailableException("the store is closed", null);
        }
        var request = new Request<>(name, initial, work);
        queue.add(request);
        try {
            // join, not get: an interrupted caller still waits for the outcome, so it never acts on a guess.
            return request.answer.join();
        } catch (CompletionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    private void loop() {
        List<Request<?>> batch = new ArrayList<>(BATCH);
        while (!closed) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue; // closed is checked again
            }
            queue.drainTo(batch, BATCH - 1);
            batch.removeIf(waitedTooLong);
            if (!batch.isEmpty()) {
                run(batch);
            }
            batch.clear();
        }
    }

    /**
     * Fails an update that waited for a writer longer than a caller waits for a pooled connection. While
     * PostgreSQL is unreachable each batch takes that long to fail, and without this an update at the end
     * of a long queue would wait for every batch before it.
     */
    private boolean failIfWaitedTooLong(Request<?> request) {
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - request.queuedAt);
        if (waitedMs <= waitLimitMs) {
            return false;
        }
        request.fail(new StoreUnavailableException("the lock update waited " + waitedMs / 1000
                + " s for PostgreSQL; it is unreachable or overloaded", null));
        return true;
    }

    /** Runs a batch until it commits or fails, and answers every update in it. */
    private void run(List<Request<?>> batch) {
        List<Request<?>> left = new ArrayList<>(batch);
        while (!left.isEmpty()) {
            try {
                writes.inTransaction(h -> {
                    try {
                        new PostgresLockBatch(h.getConnection(), left, fleetShared, clock).run();
                    } catch (SQLException e) {
                        throw new SqlFailure(e);
                    }
                    return null;
                });
                commits.incrementAndGet();
                left.forEach(Request::complete);
                return;
            } catch (Rerun rerun) {
                left.remove(rerun.request);
                rerun.request.complete();
            } catch (RuntimeException | Error e) {
                var failure = e instanceof StoreUnavailableException s ? s
                        : new StoreUnavailableException("PostgreSQL lock update failed: " + SqlFailure.rootMessage(e), e);
                log.warn("{} lock update(s) failed: {}", left.size(), failure.getMessage());
                left.forEach(r -> r.fail(failure));
                return;
            }
        }
    }

    public long commits() {
        return commits.get();
    }

    /** Updates waiting for a writer. */
    public int waiting() {
        return queue.size();
    }

    @Override
    public void close() {
        closed = true;
        for (Thread writer : writers) {
            writer.interrupt();
        }
        for (Thread writer : writers) {
            try {
                writer.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // An update that raced the shutdown must not leave its caller waiting forever.
        var closedError = new StoreUnavailableException("the store is closed", null);
        for (Request<?> left; (left = queue.poll()) != null; ) {
            left.fail(closedError);
        }
    }

    /** One update waiting in the queue, and the outcome of its latest run. */
    static final class Request<T> {
        final String name;
        final LockSettings initial;
        final Work<T> work;
        final CompletableFuture<T> answer = new CompletableFuture<>();
        final long queuedAt = System.nanoTime();
        T value;
        RuntimeException error;

        Request(String name, LockSettings initial, Work<T> work) {
            this.name = name;
            this.initial = initial;
            this.work = work;
        }

        void run(LockTransaction tx) {
            value = work.apply(tx);
            error = null;
        }

        void complete() {
            if (error != null) {
                answer.completeExceptionally(error);
            } else {
                answer.complete(value);
            }
        }

        void fail(RuntimeException e) {
            answer.completeExceptionally(e);
        }
    }

    /** Thrown out of a transaction to roll it back and run the batch again without {@link #request}. */
    static final class Rerun extends RuntimeException {
        final Request<?> request;

        Rerun(Request<?> request) {
            super(null, null, false, false);
            this.request = request;
        }
    }

}
