package dev.baton.store;

import dev.baton.lock.Attachment;
import dev.baton.lock.EventPage;
import dev.baton.lock.EventQuery;
import dev.baton.lock.FleetPolicy;
import dev.baton.lock.Hold;
import dev.baton.lock.LockEvent;
import dev.baton.lock.LockRecord;
import dev.baton.lock.LockSettings;
import dev.baton.lock.LockStore;
import dev.baton.lock.StoreUnavailableException;
import dev.baton.lock.Waiter;
import dev.baton.store.postgres.PostgresLockWriter;
import dev.baton.store.sql.AttachmentSql;
import dev.baton.store.sql.HistorySql;
import dev.baton.store.sql.LockSql;
import dev.baton.store.sql.LockWriter;
import dev.baton.store.sql.Rows;
import dev.baton.store.sql.SqlFailure;
import dev.baton.store.sqlite.SqliteLockWriter;
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
 * The lock store on SQL, for SQLite and PostgreSQL alike. Compare-and-set comes from how lock updates run
 * ({@link LockWriter}): SQLite has one writer ({@link SqliteLockWriter}); on PostgreSQL
 * ({@link PostgresLockWriter}) the lock's row is read {@code FOR UPDATE} first, so every update of one
 * lock waits for the previous one to commit. Holders, waiters and events are written in the same
 * transaction as the decision that made them, and so is a change's {@link Attachment} (its audit entry,
 * {@link AttachmentSql}). Reads, waiter upkeep and the fleet policy are plain SQL
 * here, the same on both engines.
 */
public final class SqlLockStore implements LockStore {

    /** Waiters extended per transaction by {@link #extendWaiters}. */
    static final int EXTEND_CHUNK = 500;

    private final Database db;
    private final LockWriter lockWriter;

    public SqlLockStore(Database db, InstantSource clock) {
        this.db = db;
        this.lockWriter = db.dialect() == Dialect.POSTGRESQL
                ? new PostgresLockWriter(db.writes(), db.dialect().fleetShared, Database.CONNECTION_TIMEOUT_MS, clock)
                : new SqliteLockWriter(db.writes(), clock);
    }

    /** The group commit of lock updates, for tests; {@code null} on SQLite. */
    PostgresLockWriter postgresWriter() {
        return lockWriter instanceof PostgresLockWriter postgres ? postgres : null;
    }

    @Override
    public <T> T update(String name, LockSettings initial, Work<T> work) {
        return lockWriter.update(name, initial, work);
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

                public void attach(Attachment attachment) {
                    AttachmentSql.write(h, attachment);
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
    public EventPage history(EventQuery query) {
        return reading(() -> db.jdbi().withHandle(h -> {
            long before = query.before() == null ? Long.MAX_VALUE : query.before();
            long after = 0;
            if (query.to() != null) {
                before = Math.min(before, h.createQuery(HistorySql.UPPER_ID).bind("time",
                        query.to().plus(HistorySql.CLOCK_SKEW).toEpochMilli()).mapTo(Long.class).findOne().orElse(Long.MAX_VALUE));
            }
            if (query.from() != null) {
                after = h.createQuery(HistorySql.LOWER_ID).bind("time", query.from().minus(HistorySql.CLOCK_SKEW).toEpochMilli())
                        .mapTo(Long.class).findOne().orElse(0L);
            }
            HistorySql page = HistorySql.page(query, before, after);
            var select = h.createQuery(page.sql());
            page.arguments().forEach(select::bind);
            List<LockEvent> events = new ArrayList<>(select.map((rs, ctx) -> Rows.event(rs)).list());
            Long next = null;
            if (events.size() > query.limit()) {
                events.remove(query.limit());
                next = events.get(query.limit() - 1).id();
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
        lockWriter.close();
        db.close();
    }

    private <T> T reading(Supplier<T> read) {
        try {
            return read.get();
        } catch (JdbiException e) {
            throw new StoreUnavailableException("store read failed: " + SqlFailure.rootMessage(e), e);
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
}
