package dev.baton.store;

import dev.baton.lock.FleetPolicy;
import dev.baton.lock.Hold;
import dev.baton.lock.LockEvent;
import dev.baton.lock.LockNotFoundException;
import dev.baton.lock.LockRecord;
import dev.baton.lock.LockSettings;
import dev.baton.lock.LockStore;
import dev.baton.lock.LockStore.LockTransaction;
import dev.baton.lock.LockStore.Work;
import dev.baton.lock.StoreUnavailableException;
import dev.baton.lock.Waiter;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lock updates on PostgreSQL with group commit: many decisions, one transaction, one fsync.
 *
 * <p>Updates wait in one queue. A writer thread takes every update waiting (up to {@link #BATCH}) and runs
 * them in one transaction on one pooled connection:
 * <ol>
 *   <li>One round trip reads every lock of the batch: the fleet's advisory lock (shared, see
 *       {@link Dialect#fleetShared}), the lock rows {@code FOR UPDATE} in name order, so that two batches,
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
final class PostgresLockWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresLockWriter.class);
    /**
     * Writer threads, each with at most one transaction open: one batch can read while the one before it
     * waits for its commit to be flushed to disk.
     */
    static final int WRITERS = 2;
    /** The most updates in one transaction. */
    static final int BATCH = 256;

    private static final String LOCKS = "SELECT l.name, l.slots, l.enabled, l.frozen, l.freeze_reason, "
            + "l.stale_after_ms, l.lease_ms, l.created_at, f.frozen AS fleet_frozen, f.reason AS fleet_reason, "
            + "f.changed_at AS fleet_changed_at, f.changed_by AS fleet_changed_by "
            + "FROM locks l CROSS JOIN fleet_policy f WHERE l.name = ANY (?) AND f.id = 1 ORDER BY l.name FOR UPDATE OF l";
    /**
     * In a statement of its own: on PostgreSQL a statement that waited for a row lock sees the other tables
     * as they were when it started, before the transaction it waited for committed.
     */
    private static final String HOLDERS = "SELECT lock_name, holder, acquired_at, renewed_at, protocol, stale_reported "
            + "FROM lock_holders WHERE lock_name = ANY (?) ORDER BY lock_name, acquired_at, holder";
    private static final String QUEUED = "SELECT n FROM unnest(?::varchar[]) n "
            + "WHERE EXISTS (SELECT 1 FROM lock_waiters w WHERE w.lock_name = n)";
    private static final String DELETE_HOLDERS = "DELETE FROM lock_holders h "
            + "USING unnest(?::varchar[], ?::varchar[]) AS d (lock_name, holder) "
            + "WHERE h.lock_name = d.lock_name AND h.holder = d.holder";
    private static final String INSERT_HOLDERS = "INSERT INTO lock_holders "
            + "(lock_name, holder, acquired_at, renewed_at, protocol, stale_reported) "
            + "SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::bigint[], ?::bigint[], ?::varchar[], ?::boolean[])";
    private static final String INSERT_EVENTS = "INSERT INTO lock_events "
            + "(lock_name, at, type, actor, holder, reason, protocol) "
            + "SELECT * FROM unnest(?::varchar[], ?::bigint[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[])";

    private final Database db;
    private final InstantSource clock;
    private final BlockingQueue<Request<?>> queue = new LinkedBlockingQueue<>();
    private final List<Thread> writers = new ArrayList<>();
    /** Transactions committed, for tests that check updates were grouped. */
    private final AtomicLong commits = new AtomicLong();
    private volatile boolean closed;

    PostgresLockWriter(Database db, InstantSource clock) {
        this.db = db;
        this.clock = clock;
        for (int i = 0; i < WRITERS; i++) {
            writers.add(Thread.ofPlatform().name("baton-postgres-writer-" + i).daemon(true).start(this::loop));
        }
    }

    /** As {@link LockStore#update}: returns once the batch holding this update has committed. */
    <T> T update(String name, LockSettings initial, Work<T> work) {
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
            batch.removeIf(PostgresLockWriter::failIfWaitedTooLong);
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
    private static boolean failIfWaitedTooLong(Request<?> request) {
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - request.queuedAt);
        if (waitedMs <= Database.CONNECTION_TIMEOUT_MS) {
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
                db.writes().inTransaction(h -> {
                    try {
                        new Batch(h.getConnection(), left).run();
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
                        : new StoreUnavailableException("PostgreSQL lock update failed: " + PooledWrites.rootMessage(e), e);
                log.warn("{} lock update(s) failed: {}", left.size(), failure.getMessage());
                left.forEach(r -> r.fail(failure));
                return;
            }
        }
    }

    long commits() {
        return commits.get();
    }

    /** Updates waiting for a writer. */
    int waiting() {
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
    private static final class Request<T> {
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
    private static final class Rerun extends RuntimeException {
        final Request<?> request;

        Rerun(Request<?> request) {
            super(null, null, false, false);
            this.request = request;
        }
    }

    /** A lock as the batch read it and as its updates have changed it so far. */
    private static final class State {
        final LockRecord stored;
        LockRecord current;
        /** False when the lock has no stored waiter at all: then no queue query is needed. */
        boolean queued;

        State(LockRecord stored, boolean queued) {
            this.stored = stored;
            this.current = stored;
            this.queued = queued;
        }
    }

    private record Write(String sql, Object[] args) {
    }

    /** One transaction: the state of its locks, and what it has not yet sent. */
    private final class Batch {
        private final Connection connection;
        private final List<Request<?>> requests;
        private final Map<String, State> locks = new HashMap<>();
        private final List<LockEvent> events = new ArrayList<>();
        /** Writes to waiters, in order; those from {@link #waiterWritesSent} on are not yet sent. */
        private final List<Write> waiterWrites = new ArrayList<>();
        private int waiterWritesSent;
        /** Statements sent that wrote something; a work that throws after one was sent cannot be undone alone. */
        private long writesSent;
        private FleetPolicy fleet;

        Batch(Connection connection, List<Request<?>> requests) {
            this.connection = connection;
            this.requests = requests;
        }

        void run() throws SQLException {
            TreeSet<String> names = new TreeSet<>();
            requests.forEach(r -> names.add(r.name));
            read(names, true);
            for (Request<?> request : requests) {
                run(request);
            }
            commit();
        }

        private void run(Request<?> request) throws SQLException {
            long writesBefore = writesSent;
            int eventsBefore = events.size();
            int waiterWritesBefore = waiterWrites.size();
            State state = locks.get(request.name);
            LockRecord lockBefore = state == null ? null : state.current;
            boolean queuedBefore = state != null && state.queued;
            try {
                boolean created = false;
                if (state == null) {
                    if (request.initial == null) {
                        throw new LockNotFoundException(request.name);
                    }
                    created = create(request.name, request.initial);
                    state = locks.get(request.name);
                }
                request.run(new Transaction(state, created));
            } catch (JdbiException e) {
                throw e; // a statement failed: PostgreSQL has aborted the transaction
            } catch (RuntimeException e) {
                request.error = e;
                if (writesSent > writesBefore) {
                    throw new Rerun(request);
                }
                if (state != null) {
                    state.current = lockBefore;
                    state.queued = queuedBefore;
                }
                events.subList(eventsBefore, events.size()).clear();
                waiterWrites.subList(waiterWritesBefore, waiterWrites.size()).clear();
            }
        }

        /** Reads and locks these locks in one round trip; {@code guard} takes the fleet's advisory lock first. */
        private void read(TreeSet<String> names, boolean guard) throws SQLException {
            String sql = (guard ? db.dialect().fleetShared + ";\n" : "") + LOCKS + ";\n" + HOLDERS + ";\n" + QUEUED;
            Map<String, LockRecord> read = new HashMap<>();
            Map<String, List<Hold>> holders = new HashMap<>();
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                Array array = connection.createArrayOf("varchar", names.toArray());
                for (int i = 1; i <= 3; i++) {
                    statement.setArray(i, array);
                }
                statement.execute();
                if (guard) {
                    statement.getMoreResults();
                }
                try (ResultSet rs = statement.getResultSet()) {
                    while (rs.next()) {
                        String name = rs.getString("name");
                        read.put(name, new LockRecord(name, Rows.settings(rs), Rows.instant(rs, "created_at"), List.of(), List.of()));
                        fleet = Rows.fleet(rs, "fleet_");
                    }
                }
                statement.getMoreResults();
                try (ResultSet rs = statement.getResultSet()) {
                    while (rs.next()) {
                        holders.computeIfAbsent(rs.getString("lock_name"), k -> new ArrayList<>()).add(Rows.hold(rs));
                    }
                }
                for (var lock : read.values()) {
                    locks.put(lock.name(), new State(lock.withHolders(holders.getOrDefault(lock.name(), List.of())), false));
                }
                statement.getMoreResults();
                try (ResultSet rs = statement.getResultSet()) {
                    while (rs.next()) {
                        locks.get(rs.getString(1)).queued = true;
                    }
                }
            }
        }

        /** Creates the lock unless another server just did (then returns false), and reads it. */
        private boolean create(String name, LockSettings initial) throws SQLException {
            boolean created;
            try (PreparedStatement insert = connection.prepareStatement(LockSql.INSERT_LOCK)) {
                LockSql.bind(insert, 1, LockSql.lockArgs(name, initial, clock.instant().toEpochMilli()));
                created = insert.executeUpdate() == 1;
            }
            writesSent++;
            read(new TreeSet<>(List.of(name)), false);
            if (!locks.containsKey(name)) {
                throw new LockNotFoundException(name);
            }
            return created;
        }

        /** Sends the writes to waiters not yet sent, so that a read of the queue sees them. */
        private void sendWaiterWrites() throws SQLException {
            List<Write> unsent = waiterWrites.subList(waiterWritesSent, waiterWrites.size());
            if (!unsent.isEmpty()) {
                execute(new ArrayList<>(unsent));
                writesSent++;
                waiterWritesSent = waiterWrites.size();
            }
        }

        /** Writes what changed, and COMMIT, in one request. */
        private void commit() throws SQLException {
            List<Write> writes = new ArrayList<>(waiterWrites.subList(waiterWritesSent, waiterWrites.size()));
            Columns deleted = new Columns(2);
            Columns added = new Columns(6);
            for (State state : locks.values()) {
                LockRecord before = state.stored;
                LockRecord after = state.current;
                if (after == before) {
                    continue;
                }
                if (!after.settings().equals(before.settings())) {
                    writes.add(new Write(LockSql.UPDATE_SETTINGS, LockSql.settingsArgs(after.name(), after.settings())));
                }
                for (Hold hold : before.holders()) {
                    if (!after.holders().contains(hold)) {
                        deleted.add(after.name(), hold.holder());
                    }
                }
                for (Hold hold : after.holders()) {
                    if (!before.holders().contains(hold)) {
                        added.add(after.name(), hold.holder(), hold.acquiredAt().toEpochMilli(),
                                hold.renewedAt().toEpochMilli(), hold.protocol().wireName(), hold.staleReported());
                    }
                }
            }
            if (!deleted.isEmpty()) {
                writes.add(new Write(DELETE_HOLDERS, deleted.arrays(connection, "varchar", "varchar")));
            }
            if (!added.isEmpty()) {
                writes.add(new Write(INSERT_HOLDERS,
                        added.arrays(connection, "varchar", "varchar", "int8", "int8", "varchar", "bool")));
            }
            if (!events.isEmpty()) {
                Columns rows = new Columns(7);
                events.forEach(e -> rows.add(LockSql.eventArgs(e)));
                writes.add(new Write(INSERT_EVENTS,
                        rows.arrays(connection, "varchar", "int8", "varchar", "varchar", "varchar", "varchar", "varchar")));
            }
            if (writes.isEmpty()) {
                return; // the caller's commit ends the transaction
            }
            // Sent with the writes, the COMMIT costs no round trip of its own; the caller's commit then finds no
            // transaction open, and pgjdbc sends nothing. If a statement fails, PostgreSQL skips the rest, COMMIT
            // included, and the caller rolls back.
            writes.add(new Write("COMMIT", new Object[0]));
            execute(writes);
        }

        /** Runs these statements as one request. */
        private void execute(List<Write> writes) throws SQLException {
            String sql = String.join(";\n", writes.stream().map(Write::sql).toList());
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int next = 1;
                for (Write write : writes) {
                    next = LockSql.bind(statement, next, write.args());
                }
                statement.execute();
            }
        }

        /** One lock inside the batch; see {@link LockTransaction}. */
        private final class Transaction implements LockTransaction {
            private final State state;
            private final boolean created;

            Transaction(State state, boolean created) {
                this.state = state;
                this.created = created;
            }

            @Override
            public LockRecord lock() {
                return state.current;
            }

            @Override
            public boolean created() {
                return created;
            }

            @Override
            public FleetPolicy fleet() {
                return fleet;
            }

            @Override
            public void saveSettings(LockSettings settings) {
                state.current = state.current.withSettings(settings);
            }

            @Override
            public void addHolder(Hold hold) {
                state.current = state.current.withHolder(hold);
            }

            @Override
            public void renewHolder(String holder, Instant at) {
                state.current = state.current.withHoldChanged(holder, h -> h.renewed(at));
            }

            @Override
            public void markStaleReported(String holder) {
                state.current = state.current.withHoldChanged(holder, Hold::withStaleReported);
            }

            @Override
            public void removeHolder(String holder) {
                state.current = state.current.withoutHolder(holder);
            }

            @Override
            public int waitersAhead(long seq, Instant now, int cap) {
                if (cap <= 0 || !state.queued) {
                    return 0;
                }
                return query(LockSql.WAITERS_AHEAD, rs -> rs.next() ? rs.getInt(1) : 0,
                        state.current.name(), seq, now.toEpochMilli(), cap);
            }

            @Override
            public Optional<Waiter> waiter(String waiterId) {
                if (!state.queued) {
                    return Optional.empty();
                }
                return query(LockSql.WAITER, rs -> rs.next() ? Optional.of(Rows.waiter(rs)) : Optional.empty(),
                        waiterId, state.current.name());
            }

            @Override
            public Waiter addWaiter(Waiter waiter) {
                long seq = query(LockSql.INSERT_WAITER, rs -> {
                    rs.next();
                    return rs.getLong(1);
                }, LockSql.waiterArgs(state.current.name(), waiter));
                writesSent++;
                state.queued = true;
                return waiter.withSeq(seq);
            }

            @Override
            public void extendWaiter(String waiterId, Instant expiresAt) {
                waiterWrites.add(new Write(LockSql.EXTEND_WAITER, new Object[] {expiresAt.toEpochMilli(), waiterId}));
            }

            @Override
            public void removeWaiter(String waiterId) {
                if (state.queued) {
                    waiterWrites.add(new Write(LockSql.DELETE_WAITER, new Object[] {waiterId}));
                }
            }

            @Override
            public void removeWaitersOf(String holder) {
                if (state.queued) {
                    waiterWrites.add(new Write(LockSql.DELETE_WAITERS_OF, new Object[] {state.current.name(), holder}));
                }
            }

            @Override
            public void append(LockEvent event) {
                events.add(event);
            }

            /** Runs a statement on the queue after the waiter writes held back. */
            private <R> R query(String sql, RowsReader<R> reader, Object... args) {
                try {
                    sendWaiterWrites();
                    try (PreparedStatement statement = connection.prepareStatement(sql)) {
                        LockSql.bind(statement, 1, args);
                        try (ResultSet rs = statement.executeQuery()) {
                            return reader.read(rs);
                        }
                    }
                } catch (SQLException e) {
                    throw new SqlFailure(e);
                }
            }
        }
    }

    @FunctionalInterface
    private interface RowsReader<R> {
        R read(ResultSet rs) throws SQLException;
    }

    /** Rows collected column by column, to be sent as one array per column. */
    private static final class Columns {
        private final List<List<Object>> columns = new ArrayList<>();

        Columns(int width) {
            for (int i = 0; i < width; i++) {
                columns.add(new ArrayList<>());
            }
        }

        void add(Object... row) {
            for (int i = 0; i < row.length; i++) {
                columns.get(i).add(row[i]);
            }
        }

        boolean isEmpty() {
            return columns.getFirst().isEmpty();
        }

        Object[] arrays(Connection connection, String... types) {
            try {
                Object[] arrays = new Object[types.length];
                for (int i = 0; i < types.length; i++) {
                    arrays[i] = connection.createArrayOf(types[i], columns.get(i).toArray());
                }
                return arrays;
            } catch (SQLException e) {
                throw new SqlFailure(e);
            }
        }
    }
}
