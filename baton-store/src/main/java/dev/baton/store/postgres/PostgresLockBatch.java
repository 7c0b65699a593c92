package dev.baton.store.postgres;

import dev.baton.lock.Attachment;
import dev.baton.lock.FleetPolicy;
import dev.baton.lock.Hold;
import dev.baton.lock.LockEvent;
import dev.baton.lock.LockNotFoundException;
import dev.baton.lock.LockRecord;
import dev.baton.lock.LockSettings;
import dev.baton.lock.LockStore.LockTransaction;
import dev.baton.lock.Waiter;
import dev.baton.store.postgres.PostgresLockWriter.Request;
import dev.baton.store.postgres.PostgresLockWriter.Rerun;
import dev.baton.store.sql.AttachmentSql;
import dev.baton.store.sql.LockSql;
import dev.baton.store.sql.Rows;
import dev.baton.store.sql.RowsReader;
import dev.baton.store.sql.SqlFailure;
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
import org.jdbi.v3.core.JdbiException;

/**
 * One transaction of grouped lock updates on PostgreSQL ({@link PostgresLockWriter}): reads every lock of
 * the batch in one round trip, runs each update's work in memory in arrival order, and writes the
 * difference, with the updates' attachments (their audit entries), and the COMMIT in one more. Used once, by one writer thread.
 *
 * <p>A work that throws is undone here when nothing it wrote was sent yet; otherwise {@link Rerun} tells
 * the writer to roll back and run the batch again without it.
 */
final class PostgresLockBatch {

    private static final String LOCKS = LockSql.SELECT_LOCK_AND_FLEET + "l.name = ANY (?) ORDER BY l.name FOR UPDATE OF l";
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

    private final Connection connection;
    private final List<Request<?>> requests;
    /** The statement that takes the fleet's advisory lock, shared ({@link dev.baton.store.Dialect}). */
    private final String fleetShared;
    private final InstantSource clock;
    private final Map<String, State> locks = new HashMap<>();
    private final List<LockEvent> events = new ArrayList<>();
    /** The updates' attachments, written with the events at the commit. */
    private final List<Write> attachments = new ArrayList<>();
    /** Writes to waiters, in order; those from {@link #waiterWritesSent} on are not yet sent. */
    private final List<Write> waiterWrites = new ArrayList<>();
    private int waiterWritesSent;
    /** Statements sent that wrote something; a work that throws after one was sent cannot be undone alone. */
    private long writesSent;
    private FleetPolicy fleet;

    PostgresLockBatch(Connection connection, List<Request<?>> requests, String fleetShared, InstantSource clock) {
        this.connection = connection;
        this.requests = requests;
        this.fleetShared = fleetShared;
        this.clock = clock;
    }

    /** Reads, runs every update, and writes and commits; see the class comment. */
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
        int attachmentsBefore = attachments.size();
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
            attachments.subList(attachmentsBefore, attachments.size()).clear();
            waiterWrites.subList(waiterWritesBefore, waiterWrites.size()).clear();
        }
    }

    /** Reads and locks these locks in one round trip; {@code guard} takes the fleet's advisory lock first. */
    private void read(TreeSet<String> names, boolean guard) throws SQLException {
        String sql = (guard ? fleetShared + ";\n" : "") + LOCKS + ";\n" + HOLDERS + ";\n" + QUEUED;
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
                    LockRecord lock = Rows.lock(rs);
                    read.put(lock.name(), lock);
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
        writes.addAll(attachments);
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
            return query(LockSql.WAITERS_AHEAD, LockSql.WAITERS_AHEAD_COUNT,
                    state.current.name(), seq, now.toEpochMilli(), cap);
        }

        @Override
        public Optional<Waiter> waiter(String waiterId) {
            if (!state.queued) {
                return Optional.empty();
            }
            return query(LockSql.WAITER, LockSql.WAITER_ROW,
                    waiterId, state.current.name());
        }

        @Override
        public Waiter addWaiter(Waiter waiter) {
            long seq = query(LockSql.INSERT_WAITER, LockSql.INSERTED_SEQ, LockSql.waiterArgs(state.current.name(), waiter));
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

        @Override
        public void attach(Attachment attachment) {
            AttachmentSql.Statement statement = AttachmentSql.of(attachment);
            attachments.add(new Write(statement.sql(), statement.args()));
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
