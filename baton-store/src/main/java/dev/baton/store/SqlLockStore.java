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
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.Update;

/**
 * The lock store on SQL, for SQLite and PostgreSQL alike. Compare-and-set comes from how writes run:
 * SQLite has one writer ({@link SqliteWriter}); on PostgreSQL ({@link PostgresLockWriter}) the lock's row
 * is read {@code FOR UPDATE} first, so every update of one lock waits for the previous one to commit.
 * Holders, waiters and events are written in the same transaction as the decision that made them.
 */
public final class SqlLockStore implements LockStore {

    /** Waiters extended per transaction by {@link #extendWaiters}. */
    static final int EXTEND_CHUNK = 500;

    private final Database db;
    private final InstantSource clock;
    /** Group commit of lock updates on PostgreSQL; {@code null} on SQLite, whose writer already groups them. */
    private final PostgresLockWriter postgres;

    public SqlLockStore(Database db, InstantSource clock) {
        this.db = db;
        this.clock = clock;
        this.postgres = db.dialect() == Dialect.POSTGRESQL ? new PostgresLockWriter(db, clock) : null;
    }

    /** The group commit of lock updates, for tests; {@code null} on SQLite. */
    PostgresLockWriter postgresWriter() {
        return postgres;
    }

    @Override
    public <T> T update(String name, LockSettings initial, Work<T> work) {
        if (postgres != null) {
            return postgres.update(name, initial, work);
        }
        return db.writes().inTransaction(h -> {
            PreparedStatementCache sql = PreparedStatementCache.of(h);
            Transaction tx = Transaction.open(sql, name);
            if (tx == null) {
                if (initial == null) {
                    throw new LockNotFoundException(name);
                }
                sql.update(LockSql.INSERT_LOCK, LockSql.lockArgs(name, initial, clock.instant().toEpochMilli()));
                tx = Transaction.open(sql, name);
                tx.created = true;
            }
            return work.apply(tx);
        });
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
        return reading(() -> db.jdbi().withHandle(h -> load(h, name, true)));
    }

    @Override
    public Optional<LockRecord> readWithoutQueue(String name) {
        return reading(() -> db.jdbi().withHandle(h -> load(h, name, false)));
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
            h.createQuery("SELECT " + LockSql.LOCK_COLUMNS + " FROM locks ORDER BY name")
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

    /**
     * Extends this server's waiters {@value #EXTEND_CHUNK} at a time, each chunk its own transaction: one
     * update of ten thousand waiters held SQLite's single writer, or on PostgreSQL the rows the next grant
     * deletes, for as long as it ran, and a release waited behind it. Never moves an expiry back.
     */
    @Override
    public void extendWaiters(String serverId, Instant expiresAt) {
        long at = expiresAt.toEpochMilli();
        List<Long> seqs = reading(() -> db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT seq FROM lock_waiters WHERE server_id = :server AND expires_at < :at ORDER BY seq")
                .bind("server", serverId).bind("at", at).mapTo(Long.class).list()));
        for (int from = 0; from < seqs.size(); from += EXTEND_CHUNK) {
            long first = seqs.get(from);
            long last = seqs.get(Math.min(from + EXTEND_CHUNK, seqs.size()) - 1);
            db.writes().inTransaction(h -> h.createUpdate("UPDATE lock_waiters SET expires_at = :at "
                            + "WHERE seq BETWEEN :first AND :last AND server_id = :server AND expires_at < :at")
                    .bind("at", at).bind("first", first).bind("last", last).bind("server", serverId).execute());
        }
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
        if (postgres != null) {
            postgres.close();
        }
        db.close();
    }

    private <T> T reading(Supplier<T> read) {
        try {
            return read.get();
        } catch (JdbiException e) {
            throw new StoreUnavailableException("store read failed: " + PooledWrites.rootMessage(e), e);
        }
    }

    /** Reads a lock with its holders, and its whole queue if asked, outside any update. */
    private static Optional<LockRecord> load(Handle h, String name, boolean queue) {
        return h.createQuery("SELECT " + LockSql.LOCK_COLUMNS + " FROM locks WHERE name = :name")
                .bind("name", name)
                .map((rs, ctx) -> Rows.lock(rs))
                .findOne()
                .map(lock -> new LockRecord(name, lock.settings(), lock.createdAt(),
                        h.createQuery("SELECT holder, acquired_at, renewed_at, protocol, stale_reported FROM lock_holders "
                                        + "WHERE lock_name = :name ORDER BY acquired_at, holder")
                                .bind("name", name).map((rs, ctx) -> Rows.hold(rs)).list(),
                        !queue ? List.of() : h.createQuery("SELECT * FROM lock_waiters WHERE lock_name = :name ORDER BY seq")
                                .bind("name", name).map((rs, ctx) -> Rows.waiter(rs)).list()));
    }

    private static void insertEvent(Handle h, LockEvent e) {
        try (Update insert = h.createUpdate(LockSql.INSERT_EVENT)) {
            LockSql.bind(insert, LockSql.eventArgs(e));
            insert.execute();
        }
    }

    /**
     * One lock inside an update on SQLite, where the single writer ({@link SqliteWriter}) makes the update
     * exclusive and every statement runs in process. Keeps an in-memory copy in step with what it writes,
     * so the decision sees its own changes without reading them back. Talks to the driver through the
     * writer's {@link PreparedStatementCache}, not through Jdbi: this is the single writer's hot path.
     */
    private static final class Transaction implements LockTransaction {
        private static final String LOCK_AND_FLEET = LockSql.SELECT_LOCK_AND_FLEET + "l.name = ?";
        /** Holders, and whether anyone queues, in one statement: a transaction costs the single writer less. */
        private static final String HOLDERS_AND_QUEUE = "SELECT EXISTS (SELECT 1 FROM lock_waiters w WHERE w.lock_name = ?) "
                + "AS queued, h.holder, h.acquired_at, h.renewed_at, h.protocol, h.stale_reported "
                + "FROM (SELECT 1 AS one) o LEFT JOIN lock_holders h ON h.lock_name = ? ORDER BY h.acquired_at, h.holder";
        private static final String RENEW_HOLDER = "UPDATE lock_holders SET renewed_at = ? WHERE lock_name = ? AND holder = ?";
        private static final String MARK_STALE_REPORTED =
                "UPDATE lock_holders SET stale_reported = ? WHERE lock_name = ? AND holder = ?";
        private static final String DELETE_HOLDER = "DELETE FROM lock_holders WHERE lock_name = ? AND holder = ?";

        private final PreparedStatementCache sql;
        private final FleetPolicy fleet;
        private LockRecord lock;
        private boolean created;
        /** False when the lock has no stored waiter at all: then no queue query is needed. */
        private boolean queued;

        private Transaction(PreparedStatementCache sql, LockRecord lock, FleetPolicy fleet, boolean queued) {
            this.sql = sql;
            this.lock = lock;
            this.fleet = fleet;
            this.queued = queued;
        }

        /** Reads what a decision needs; {@code null} when there is no such lock. */
        static Transaction open(PreparedStatementCache sql, String name) {
            var row = sql.query(LOCK_AND_FLEET,
                    rs -> rs.next() ? Map.entry(Rows.lock(rs), Rows.fleet(rs, "fleet_")) : null, name);
            if (row == null) {
                return null;
            }
            List<Hold> holders = new ArrayList<>();
            boolean queued = sql.query(HOLDERS_AND_QUEUE, rs -> {
                boolean any = false;
                while (rs.next()) {
                    any = rs.getBoolean("queued");
                    if (rs.getString("holder") != null) {
                        holders.add(Rows.hold(rs));
                    }
                }
                return any;
            }, name, name);
            return new Transaction(sql, row.getKey().withHolders(holders), row.getValue(), queued);
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
            sql.update(LockSql.UPDATE_SETTINGS, LockSql.settingsArgs(lock.name(), s));
            lock = lock.withSettings(s);
        }

        @Override
        public void addHolder(Hold hold) {
            sql.update(LockSql.INSERT_HOLDER, lock.name(), hold.holder(), hold.acquiredAt().toEpochMilli(),
                    hold.renewedAt().toEpochMilli(), hold.protocol().wireName(), hold.staleReported());
            lock = lock.withHolder(hold);
        }

        @Override
        public void renewHolder(String holder, Instant at) {
            sql.update(RENEW_HOLDER, at.toEpochMilli(), lock.name(), holder);
            lock = lock.withHoldChanged(holder, x -> x.renewed(at));
        }

        @Override
        public void markStaleReported(String holder) {
            sql.update(MARK_STALE_REPORTED, true, lock.name(), holder);
            lock = lock.withHoldChanged(holder, Hold::withStaleReported);
        }

        @Override
        public void removeHolder(String holder) {
            sql.update(DELETE_HOLDER, lock.name(), holder);
            lock = lock.withoutHolder(holder);
        }

        @Override
        public int waitersAhead(long seq, Instant now, int cap) {
            if (cap <= 0 || !queued) {
                return 0;
            }
            return sql.query(LockSql.WAITERS_AHEAD, LockSql.WAITERS_AHEAD_COUNT,
                    lock.name(), seq, now.toEpochMilli(), cap);
        }

        @Override
        public Optional<Waiter> waiter(String waiterId) {
            if (!queued) {
                return Optional.empty();
            }
            return sql.query(LockSql.WAITER, LockSql.WAITER_ROW,
                    waiterId, lock.name());
        }

        @Override
        public void extendWaiter(String waiterId, Instant expiresAt) {
            sql.update(LockSql.EXTEND_WAITER, expiresAt.toEpochMilli(), waiterId);
        }

        @Override
        public Waiter addWaiter(Waiter w) {
            long seq = sql.query(LockSql.INSERT_WAITER, LockSql.INSERTED_SEQ, LockSql.waiterArgs(lock.name(), w));
            queued = true;
            return w.withSeq(seq);
        }

        @Override
        public void removeWaiter(String waiterId) {
            if (queued) {
                sql.update(LockSql.DELETE_WAITER, waiterId);
            }
        }

        @Override
        public void removeWaitersOf(String holder) {
            if (queued) {
                sql.update(LockSql.DELETE_WAITERS_OF, lock.name(), holder);
            }
        }

        @Override
        public void append(LockEvent event) {
            sql.update(LockSql.INSERT_EVENT, LockSql.eventArgs(event));
        }
    }
}
