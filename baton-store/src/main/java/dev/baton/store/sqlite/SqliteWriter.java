package dev.baton.store.sqlite;

import dev.baton.lock.StoreUnavailableException;
import dev.baton.store.sql.SqlFailure;
import dev.baton.store.sql.Writes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of the embedded store, with group commit.
 *
 * <p>SQLite allows one writer at a time, which makes every write a compare-and-set for free: no other
 * change can come between a read and a write of the same transaction. What costs is durability: each
 * commit fsyncs the write-ahead log. So one thread takes every write request that is waiting (up to
 * {@link #BATCH}), runs each inside its own savepoint of one transaction, commits once, and only then
 * answers all of them. A request whose work throws is rolled back to its savepoint alone; if the commit
 * fails, every request of the batch fails and nothing of it is kept.
 */
public final class SqliteWriter implements Writes {

    private static final Logger log = LoggerFactory.getLogger(SqliteWriter.class);
    /** The most requests committed together. */
    static final int BATCH = 256;

    private final Handle handle;
    private final PreparedStatementCache statements;
    private final BlockingQueue<Request<?>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final AtomicLong commits = new AtomicLong();
    private volatile boolean closed;

    private record Request<T>(Function<Handle, T> work, CompletableFuture<T> answer) {
        void run(Handle handle) {
            try {
                answer.complete(work.apply(handle));
            } catch (RuntimeException | Error e) {
                answer.completeExceptionally(e);
            }
        }
    }

    /** Takes {@code handle}, a connection to the embedded database that nothing else writes with, for good. */
    public SqliteWriter(Handle handle) {
        this.statements = new PreparedStatementCache(handle.getConnection());
        this.handle = handle.setStatementBuilder(statements);
        this.thread = Thread.ofPlatform().name("baton-sqlite-writer").daemon(true).start(this::loop);
    }

    @Override
    public <T> T inTransaction(Function<Handle, T> work) {
        if (closed) {
            throw new StoreUnavailableException("the store is closed", null);
        }
        var request = new Request<>(work, new CompletableFuture<>());
        queue.add(request);
        try {
            return request.answer.get();
        } catch (InterruptedException e) {
            // The write may still commit; wait for its outcome so the caller never acts on a guess.
            T result = request.answer.join();
            Thread.currentThread().interrupt();
            return result;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof JdbiException je) {
                // As on PostgreSQL: a statement the database refused is the store's failure, not the caller's.
                throw new StoreUnavailableException("embedded store write failed: " + SqlFailure.rootMessage(je), je);
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new StoreUnavailableException("embedded store write failed", e.getCause());
        }
    }

    private void loop() {
        List<Request<?>> batch = new ArrayList<>(BATCH);
        List<CompletableFuture<Object>> results = new ArrayList<>(BATCH);
        while (!closed || !queue.isEmpty()) {
            try {
                Request<?> first = queue.take();
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                runBatch(batch, results);
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
            } finally {
                batch.clear();
                results.clear();
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void runBatch(List<Request<?>> batch, List<CompletableFuture<Object>> results) {
        List<Request<?>> staged = new ArrayList<>(batch.size());
        try {
            handle.begin();
            for (Request<?> request : batch) {
                // Run against a private future first, so nobody is answered before the commit.
                CompletableFuture<Object> result = new CompletableFuture<>();
                // Savepoints as plain statements from the cache: Jdbi's savepoint API formats and compiles
                // each one anew, which the single writer paid twice per request.
                statements.update("SAVEPOINT w");
                new Request<>((Function) request.work(), result).run(handle);
                if (result.isCompletedExceptionally()) {
                    statements.update("ROLLBACK TO w");
                }
                statements.update("RELEASE w");
                results.add(result);
                staged.add(request);
            }
            handle.commit();
            commits.incrementAndGet();
        } catch (RuntimeException e) {
            log.error("embedded store commit failed; {} request(s) answered with an error", batch.size(), e);
            try {
                handle.rollback();
            } catch (RuntimeException ignored) {
                // the connection is broken; the next batch will report it again
            }
            var failure = new StoreUnavailableException("embedded store commit failed: " + SqlFailure.rootMessage(e), e);
            batch.forEach(r -> r.answer().completeExceptionally(failure));
            return;
        }
        for (int i = 0; i < staged.size(); i++) {
            CompletableFuture<Object> answer = (CompletableFuture<Object>) staged.get(i).answer();
            results.get(i).whenComplete((value, error) -> {
                if (error != null) {
                    answer.completeExceptionally(error instanceof java.util.concurrent.CompletionException ce ? ce.getCause() : error);
                } else {
                    answer.complete(value);
                }
            });
        }
    }

    /** Transactions committed so far, for tests. */
    public long commits() {
        return commits.get();
    }

    /** Requests waiting for the writer, for tests. */
    public int waiting() {
        return queue.size();
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // A write that raced the shutdown must not leave its caller waiting forever.
        var closedError = new StoreUnavailableException("the store is closed", null);
        for (Request<?> left; (left = queue.poll()) != null; ) {
            left.answer().completeExceptionally(closedError);
        }
        handle.close();
    }
}
