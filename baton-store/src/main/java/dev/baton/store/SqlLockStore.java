package dev.baton.store;

import dev.baton.lock.EventPage;

import dev.baton.lock.FleetPolicy;
import dev.baton.lock.Hold;
import dev.baton.lock.LockEvent;
import dev.baton.lock.LockNotFoundException;
import dev.baton.lock.LockRecord;
import dev.baton.lock.LockSettings;
import dev.baton.lock.LockStore;

import dev.baton.lock.StoreUnavailableException;
import dev.baton.lock.Waiter;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.Update;

/**
 * The lock store on SQL, for SQLite and PostgreSQL alike. Compare-and-set comes from how writes run:
 * SQLite has one writer ({@link SqliteWriter}); on PostgreSQL the lock's row is read {@code FOR UPDATE}
 * first, so every update of one lock waits for the previous one to commit. Holders, waiters and events
 * are written in the same transaction as the decision that made them.
 */
public final class SqlLockStore implements LockStore {

    private static final String LOCK_COLUMNS =
            "name, slots, enabled, frozen, freeze_reason, stale_after_ms, lease_ms, created_at";

    private final Database db;
    private final InstantSource clock;

    public SqlLockStore(Database db, InstantSource clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public <T> T update(String name, LockSettings initial, Work<T> work) {
        return db.writes().inTransaction(h -> {
            Transaction tx = Transaction.open(h, name, db.dialect());
            if (tx == null) {
                if (initial == null) {
                    throw new LockNotFoundException(name);
                }
                boolean created = create(h, name, initial);
                tx = Transaction.open(h, name, db.dialect());
                tx.created = created;
            }
            T result = work.apply(tx);
            tx.finish();
            return result;
        });
    }

    /**
     * Inserts the lock unless another server just did (then returns false); either way the caller then
     * reads it {@code FOR UPDATE}. ON CONFLICT DO NOTHING keeps a PostgreSQL transaction usable after a race.
     */
    private boolean create(Handle h, String name, LockSettings s) {
        return h.createUpdate("INSERT INTO locks (" + LOCK_COLUMNS + ") VALUES "
                        + "(:name, :slots, :enabled, :frozen, :reason, :stale, :lease, :at) ON CONFLICT (name) DO NOTHING")
                .bind("name", name).bind("slots", s.slots()).bind("enabled", s.enabled()).bind("frozen", s.frozen())
                .bind("reason", s.freezeReason()).bind("stale", Rows.millis(s.staleAfter()))
                .bind("lease", Rows.millis(s.lease())).bind("at", clock.instant().toEpochMilli())
                .execute() == 1;
    }

    @Override
    public <T> T updateFleet(FleetWork<T> work) {
        return db.writes().inTransaction(h -> {
            if (db.dialect().fleetExclusive != null) {
                h.execute(db.dialect().fleetExclusive);
            }
            FleetPolicy current = h.createQuery("SELECT * FROM fleet_policy WHERE id = 1" + db.dialect().fleetRow)
                    .map((rs, ctx) -> Rows.fleet(rs)).one();
            return work.apply(new FleetTransaction() {
                public FleetPolicy policy() {
                    return current;
                }

                public void save(FleetPolicy p) {
                    h.createUpdate("UPDATE fleet_policy SET frozen = :frozen, reason = :reason, changed_at = :at, "
                                    + "changed_by = :by WHERE id = 1")
                            .bind("frozen", p.frozen()).bind("reason", p.reason())
                            .bind("at", Rows.millis(p.changedAt())).bind("by", p.changedBy()).execute();
                }

                public void append(LockEvent event) {
                    insertEvent(h, event);
                }
            });
        });
    }

    @Override
    public Optional<LockRecord> read(String name) {
        return reading(() -> db.jdbi().withHandle(h -> load(h, name)));
    }

    @Override
    public List<LockRecord> readAll() {
        return reading(() -> db.jdbi().withHandle(h -> {
            // Three queries for the whole fleet rather than three per lock.
            Map<String, LockRecord> locks = new LinkedHashMap<>();
            Map<String, List<Hold>> holders = new LinkedHashMap<>();
            Map<String, List<Waiter>> waiters = new LinkedHashMap<>();
            h.createQuery("SELECT lock_name, holder, acquired_at, renewed_at, protocol, stale_reported FROM lock_holders "
                            + "ORDER BY lock_name, acquired_at, holder")
                    .map((rs, ctx) -> Map.entry(rs.getString("lock_name"), Rows.hold(rs)))
                    .forEach(e -> holders.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            h.createQuery("SELECT * FROM lock_waiters ORDER BY lock_name, seq")
                    .map((rs, ctx) -> Map.entry(rs.getString("lock_name"), Rows.waiter(rs)))
                    .forEach(e -> waiters.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            h.createQuery("SELECT " + LOCK_COLUMNS + " FROM locks ORDER BY name")
                    .map((rs, ctx) -> {
                        String name = rs.getString("name");
                        return new LockRecord(name, Rows.settings(rs), Rows.instant(rs, "created_at"),
                                holders.getOrDefault(name, List.of()), waiters.getOrDefault(name, List.of()));
                    })
                    .forEach(l -> locks.put(l.name(), l));
            return List.copyOf(locks.values());
        }));
    }

    @Override
    public FleetPolicy fleet() {
        return reading(() -> db.jdbi().withHandle(this::fleet));
    }

    private FleetPolicy fleet(Handle h) {
        return h.createQuery("SELECT * FROM fleet_policy WHERE id = 1").map((rs, ctx) -> Rows.fleet(rs)).one();
    }

    @Override
    public EventPage events(String lockName, Long before, int limit) {
        return reading(() -> db.jdbi().withHandle(h -> {
            String sql = "SELECT * FROM lock_events WHERE id < :before"
                    + (lockName != null ? " AND lock_name = :lock" : "")
                    + " ORDER BY id DESC LIMIT :limit";
            var query = h.createQuery(sql).bind("before", before == null ? Long.MAX_VALUE : before)
                    .bind("limit", limit + 1);
            if (lockName != null) {
                query.bind("lock", lockName);
            }
            List<LockEvent> events = new ArrayList<>(query.map((rs, ctx) -> Rows.event(rs)).list());
            Long next = null;
            if (events.size() > limit) {
                events.remove(limit);
                next = events.get(limit - 1).id();
            }
            return new EventPage(List.copyOf(events), next);
        }));
    }

    @Override
    public void extendWaiters(String serverId, Instant expiresAt) {
        db.writes().inTransaction(h -> h.createUpdate("UPDATE lock_waiters SET expires_at = :at WHERE server_id = :server")
                .bind("at", expiresAt.toEpochMilli()).bind("server", serverId).execute());
    }

    @Override
    public int purgeExpiredWaiters(Instant now) {
        return db.writes().inTransaction(h -> h.createUpdate("DELETE FROM lock_waiters WHERE expires_at <= :now")
                .bind("now", now.toEpochMilli()).execute());
    }

    @Override
    public int purgeEvents(Instant before, int limit) {
        // Events are written in time order, so the oldest ids come first and the scan stops early.
        return db.writes().inTransaction(h -> h.createUpdate("DELETE FROM lock_events WHERE id IN "
                        + "(SELECT id FROM lock_events WHERE at < :before ORDER BY id LIMIT :limit)")
                .bind("before", before.toEpochMilli()).bind("limit", limit).execute());
    }

    @Override
    public String describe() {
        return db.describe();
    }

    @Override
    public void close() {
        db.close();
    }

    private <T> T reading(Supplier<T> read) {
        try {
            return read.get();
        } catch (JdbiException e) {
            throw new StoreUnavailableException("store read failed: " + PooledWrites.rootMessage(e), e);
        }
    }

    /** Reads a lock with its holders and its whole queue, outside any update. */
    private static Optional<LockRecord> load(Handle h, String name) {
        return h.createQuery("SELECT " + LOCK_COLUMNS + " FROM locks WHERE name = :name")
                .bind("name", name)
                .map((rs, ctx) -> new LockRecord(name, Rows.settings(rs), Rows.instant(rs, "created_at"), List.of(), List.of()))
                .findOne()
                .map(lock -> new LockRecord(name, lock.settings(), lock.createdAt(),
                        h.createQuery("SELECT holder, acquired_at, renewed_at, protocol, stale_reported FROM lock_holders "
                                        + "WHERE lock_name = :name ORDER BY acquired_at, holder")
                                .bind("name", name).map((rs, ctx) -> Rows.hold(rs)).list(),
                        h.createQuery("SELECT * FROM lock_waiters WHERE lock_name = :name ORDER BY seq")
                                .bind("name", name).map((rs, ctx) -> Rows.waiter(rs)).list()));
    }

    private static final String INSERT_EVENT = "INSERT INTO lock_events (lock_name, at, type, actor, holder, reason, protocol) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?)";

    private static void insertEvent(Handle h, LockEvent e) {
        Update insert = h.createUpdate(INSERT_EVENT);
        bind(insert, eventArgs(e));
        insert.execute();
    }

    private static Object[] eventArgs(LockEvent e) {
        return new Object[] {e.lockName(), e.at().toEpochMilli(), e.type().wireName(), clip(e.actor(), 255),
            e.holder(), clip(e.reason(), 1000), e.protocol().wireName()};
    }

    /** Binds positional arguments. A {@code null} is bound without a type, so the database takes the column's. */
    private static void bind(Update update, Object[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null) {
                update.bindNull(i, Types.NULL);
            } else {
                update.bind(i, args[i]);
            }
        }
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /**
     * One lock inside an update. Keeps an in-memory copy in step with what it writes, so the decision
     * sees its own changes without reading them back.
     *
     * <p>Where the dialect {@linkplain Dialect#pipelines pipelines}, {@link #open} reads in one round trip,
     * and each write is held back until the next read of this transaction or its end, then the writes held
     * back go to the database as one multi-statement request. Reads flush first, so they see every earlier
     * write. The request at the end ({@link #finish}) also commits: a grant's holder, its event and its
     * commit cost one round trip.
     */
    private static final class Transaction implements LockTransaction {
        private static final String LOCK_AND_FLEET = "SELECT l.name, l.slots, l.enabled, l.frozen, l.freeze_reason, "
                + "l.stale_after_ms, l.lease_ms, l.created_at, f.frozen AS fleet_frozen, f.reason AS fleet_reason, "
                + "f.changed_at AS fleet_changed_at, f.changed_by AS fleet_changed_by "
                + "FROM locks l CROSS JOIN fleet_policy f WHERE l.name = :name AND f.id = 1";
        /**
         * Holders, and whether anyone queues, in one statement. It must not be joined with the locking read
         * above: on PostgreSQL a statement that waited for the row lock sees the other tables as they were
         * when it started, before the transaction it waited for committed.
         */
        private static final String HOLDERS_AND_QUEUE = "SELECT EXISTS (SELECT 1 FROM lock_waiters w WHERE w.lock_name = :name) "
                + "AS queued, h.holder, h.acquired_at, h.renewed_at, h.protocol, h.stale_reported "
                + "FROM (SELECT 1 AS one) o LEFT JOIN lock_holders h ON h.lock_name = :name ORDER BY h.acquired_at, h.holder";

        private final Handle h;
        private final FleetPolicy fleet;
        private final boolean pipelined;
        private final List<String> heldBack = new ArrayList<>();
        private final List<Object> heldBackArgs = new ArrayList<>();
        private LockRecord lock;
        private boolean created;
        /** False when the lock has no stored waiter at all: then no queue query is needed. */
        private boolean queued;

        private Transaction(Handle h, LockRecord lock, FleetPolicy fleet, boolean pipelined) {
            this.h = h;
            this.lock = lock;
            this.fleet = fleet;
            this.pipelined = pipelined;
        }

        /** Locks the lock's row and reads what a decision needs; {@code null} when there is no such lock. */
        static Transaction open(Handle h, String name, Dialect dialect) {
            String lockAndFleet = LOCK_AND_FLEET + dialect.lockRow;
            // scanResultSet leaves closing the statement to the caller; the SQLite writer's handle lives for
            // the whole process, so a statement left open there would never be freed.
            if (dialect.pipelines) {
                // One round trip. PostgreSQL runs each statement once the one before is done (the lock
                // waits are there), each with a snapshot of its own, so the reads see what the
                // transactions they waited for committed.
                String guard = dialect.fleetShared == null ? "" : dialect.fleetShared + ";\n";
                try (Query reads = h.createQuery(guard + lockAndFleet + ";\n" + HOLDERS_AND_QUEUE)) {
                    return reads.bind("name", name).scanResultSet((results, ctx) -> {
                        ResultSet rs = results.get(); // runs the statement
                        Statement statement = ctx.getStatement();
                        if (!guard.isEmpty()) {
                            statement.getMoreResults();
                            rs = statement.getResultSet();
                        }
                        Transaction tx = lockAndFleet(h, rs, name, true);
                        if (tx != null) {
                            statement.getMoreResults();
                            tx.readHoldersAndQueue(statement.getResultSet());
                        }
                        return tx;
                    });
                }
            }
            if (dialect.fleetShared != null) {
                h.execute(dialect.fleetShared);
            }
            Transaction tx;
            try (Query lock = h.createQuery(lockAndFleet)) {
                tx = lock.bind("name", name).scanResultSet((results, ctx) -> lockAndFleet(h, results.get(), name, false));
            }
            if (tx != null) {
                try (Query holders = h.createQuery(HOLDERS_AND_QUEUE)) {
                    holders.bind("name", name).scanResultSet((results, ctx) -> {
                        tx.readHoldersAndQueue(results.get());
                        return null;
                    });
                }
            }
            return tx;
        }

        private static Transaction lockAndFleet(Handle h, ResultSet rs, String name, boolean pipelined) throws SQLException {
            if (!rs.next()) {
                return null;
            }
            LockRecord lock = new LockRecord(name, Rows.settings(rs), Rows.instant(rs, "created_at"), List.of(), List.of());
            return new Transaction(h, lock, Rows.fleet(rs, "fleet_"), pipelined);
        }

        private void readHoldersAndQueue(ResultSet rs) throws SQLException {
            List<Hold> holders = new ArrayList<>();
            while (rs.next()) {
                queued = rs.getBoolean("queued");
                if (rs.getString("holder") != null) {
                    holders.add(Rows.hold(rs));
                }
            }
            withHolders(holders);
        }

        @Override
        public LockRecord lock() {
            return lock;
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
        public void saveSettings(LockSettings s) {
            write("UPDATE locks SET slots = ?, enabled = ?, frozen = ?, freeze_reason = ?, stale_after_ms = ?, lease_ms = ? "
                            + "WHERE name = ?",
                    s.slots(), s.enabled(), s.frozen(), s.freezeReason(), Rows.millis(s.staleAfter()),
                    Rows.millis(s.lease()), lock.name());
            lock = new LockRecord(lock.name(), s, lock.createdAt(), lock.holders(), lock.waiters());
        }

        @Override
        public void addHolder(Hold hold) {
            write("INSERT INTO lock_holders (lock_name, holder, acquired_at, renewed_at, protocol, stale_reported) "
                            + "VALUES (?, ?, ?, ?, ?, ?)",
                    lock.name(), hold.holder(), hold.acquiredAt().toEpochMilli(), hold.renewedAt().toEpochMilli(),
                    hold.protocol().wireName(), hold.staleReported());
            List<Hold> holders = new ArrayList<>(lock.holders());
            holders.add(hold);
            withHolders(holders);
        }

        @Override
        public void renewHolder(String holder, Instant at) {
            write("UPDATE lock_holders SET renewed_at = ? WHERE lock_name = ? AND holder = ?", at.toEpochMilli(), lock.name(), holder);
            withHolders(lock.holders().stream()
                    .map(x -> x.holder().equals(holder) ? new Hold(x.holder(), x.acquiredAt(), at, x.protocol(), x.staleReported()) : x)
                    .toList());
        }

        @Override
        public void markStaleReported(String holder) {
            write("UPDATE lock_holders SET stale_reported = ? WHERE lock_name = ? AND holder = ?", true, lock.name(), holder);
            withHolders(lock.holders().stream()
                    .map(x -> x.holder().equals(holder) ? new Hold(x.holder(), x.acquiredAt(), x.renewedAt(), x.protocol(), true) : x)
                    .toList());
        }

        @Override
        public void removeHolder(String holder) {
            write("DELETE FROM lock_holders WHERE lock_name = ? AND holder = ?", lock.name(), holder);
            withHolders(lock.holders().stream().filter(x -> !x.holder().equals(holder)).toList());
        }

        @Override
        public int waitersAhead(long seq, Instant now, int cap) {
            if (cap <= 0 || !queued) {
                return 0;
            }
            flush();
            // Walks the (lock_name, seq) index from the head and stops after cap live waiters.
            return h.createQuery("SELECT COUNT(*) FROM (SELECT 1 FROM lock_waiters WHERE lock_name = :lock AND seq < :seq "
                            + "AND expires_at > :now ORDER BY seq LIMIT :cap) ahead")
                    .bind("lock", lock.name()).bind("seq", seq).bind("now", now.toEpochMilli()).bind("cap", cap)
                    .mapTo(Integer.class).one();
        }

        @Override
        public Optional<Waiter> waiter(String waiterId) {
            if (!queued) {
                return Optional.empty();
            }
            flush();
            return h.createQuery("SELECT * FROM lock_waiters WHERE id = :id AND lock_name = :lock")
                    .bind("id", waiterId).bind("lock", lock.name()).map((rs, ctx) -> Rows.waiter(rs)).findOne();
        }

        @Override
        public void extendWaiter(String waiterId, Instant expiresAt) {
            write("UPDATE lock_waiters SET expires_at = ? WHERE id = ?", expiresAt.toEpochMilli(), waiterId);
        }

        @Override
        public Waiter addWaiter(Waiter w) {
            flush();
            long seq = h.createQuery("INSERT INTO lock_waiters (id, lock_name, holder, since, expires_at, server_id) "
                            + "VALUES (:id, :lock, :holder, :since, :expires, :server) RETURNING seq")
                    .bind("id", w.id()).bind("lock", lock.name()).bind("holder", w.holder())
                    .bind("since", w.since().toEpochMilli()).bind("expires", w.expiresAt().toEpochMilli())
                    .bind("server", w.serverId())
                    .mapTo(Long.class).one();
            queued = true;
            return new Waiter(w.id(), w.holder(), seq, w.since(), w.expiresAt(), w.serverId());
        }

        @Override
        public void removeWaiter(String waiterId) {
            if (queued) {
                write("DELETE FROM lock_waiters WHERE id = ?", waiterId);
            }
        }

        @Override
        public void removeWaitersOf(String holder) {
            if (queued) {
                write("DELETE FROM lock_waiters WHERE lock_name = ? AND holder = ?", lock.name(), holder);
            }
        }

        @Override
        public void append(LockEvent event) {
            write(INSERT_EVENT, eventArgs(event));
        }

        /** Runs a write now, or holds it back for {@link #flush} where the dialect pipelines writes. */
        private void write(String sql, Object... args) {
            heldBack.add(sql);
            heldBackArgs.addAll(Arrays.asList(args));
            if (!pipelined) {
                flush();
            }
        }

        /**
         * Sends what is held back. Pipelined, the request ends with COMMIT, so the commit costs no round trip
         * of its own; the caller's commit then finds no transaction open, and the driver sends nothing
         * (pgjdbc commits only when the server reports a transaction open). If any statement fails, PostgreSQL
         * skips the rest, COMMIT included, and the caller rolls back.
         */
        void finish() {
            if (pipelined && !heldBack.isEmpty()) {
                heldBack.add("COMMIT");
            }
            flush();
        }

        /** Sends the writes held back, all in one statement. */
        private void flush() {
            if (heldBack.isEmpty()) {
                return;
            }
            Update update = h.createUpdate(String.join(";\n", heldBack));
            bind(update, heldBackArgs.toArray());
            heldBack.clear();
            heldBackArgs.clear();
            update.execute();
        }

        private void withHolders(List<Hold> holders) {
            lock = new LockRecord(lock.name(), lock.settings(), lock.createdAt(), List.copyOf(holders), lock.waiters());
        }
    }
}
