package dev.baton.store;

import dev.baton.lock.EventPage;
import dev.baton.lock.EventType;
import dev.baton.lock.FleetPolicy;
import dev.baton.lock.Hold;
import dev.baton.lock.LockEvent;
import dev.baton.lock.LockNotFoundException;
import dev.baton.lock.LockRecord;
import dev.baton.lock.LockSettings;
import dev.baton.lock.LockStore;
import dev.baton.lock.Protocol;
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
    public <T> T update(String name, LockSettings initial, String actor, Protocol protocol, Work<T> work) {
        return db.writes().inTransaction(h -> {
            Optional<LockRecord> lock = load(h, name, db.dialect().forUpdate, false);
            if (lock.isEmpty()) {
                if (initial == null) {
                    throw new LockNotFoundException(name);
                }
                create(h, name, initial, actor, protocol);
                lock = load(h, name, db.dialect().forUpdate, false);
            }
            FleetPolicy fleet = h.createQuery("SELECT * FROM fleet_policy WHERE id = 1" + db.dialect().forShare)
                    .map((rs, ctx) -> Rows.fleet(rs)).one();
            return work.apply(new Transaction(h, lock.orElseThrow(), fleet));
        });
    }

    /**
     * Inserts the lock unless another server just did; either way the caller then reads it
     * {@code FOR UPDATE}. ON CONFLICT DO NOTHING keeps a PostgreSQL transaction usable after a race.
     */
    private void create(Handle h, String name, LockSettings s, String actor, Protocol protocol) {
        Instant now = clock.instant();
        int inserted = h.createUpdate("INSERT INTO locks (" + LOCK_COLUMNS + ") VALUES "
                        + "(:name, :slots, :enabled, :frozen, :reason, :stale, :lease, :at) ON CONFLICT (name) DO NOTHING")
                .bind("name", name).bind("slots", s.slots()).bind("enabled", s.enabled()).bind("frozen", s.frozen())
                .bind("reason", s.freezeReason()).bind("stale", Rows.millis(s.staleAfter()))
                .bind("lease", Rows.millis(s.lease())).bind("at", now.toEpochMilli())
                .execute();
        if (inserted == 1) {
            insertEvent(h, new LockEvent(0, name, now, EventType.CREATE, actor, null, "slots=" + s.slots(), protocol));
        }
    }

    @Override
    public <T> T updateFleet(FleetWork<T> work) {
        return db.writes().inTransaction(h -> {
            FleetPolicy current = h.createQuery("SELECT * FROM fleet_policy WHERE id = 1" + db.dialect().forUpdate)
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
        return reading(() -> db.jdbi().withHandle(h -> load(h, name, "", true)));
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

    /** Reads a lock with its holders, and with its waiters only when {@code withWaiters} (see LockTransaction). */
    private static Optional<LockRecord> load(Handle h, String name, String forUpdate, boolean withWaiters) {
        Optional<LockRecord> bare = h.createQuery("SELECT " + LOCK_COLUMNS + " FROM locks WHERE name = :name" + forUpdate)
                .bind("name", name)
                .map((rs, ctx) -> new LockRecord(name, Rows.settings(rs), Rows.instant(rs, "created_at"), List.of(), List.of()))
                .findOne();
        return bare.map(lock -> new LockRecord(name, lock.settings(), lock.createdAt(),
                h.createQuery("SELECT holder, acquired_at, renewed_at, protocol, stale_reported FROM lock_holders "
                                + "WHERE lock_name = :name ORDER BY acquired_at, holder")
                        .bind("name", name).map((rs, ctx) -> Rows.hold(rs)).list(),
                withWaiters ? h.createQuery("SELECT * FROM lock_waiters WHERE lock_name = :name ORDER BY seq")
                        .bind("name", name).map((rs, ctx) -> Rows.waiter(rs)).list() : List.of()));
    }

    private static void insertEvent(Handle h, LockEvent e) {
        h.createUpdate("INSERT INTO lock_events (lock_name, at, type, actor, holder, reason, protocol) "
                        + "VALUES (:lock, :at, :type, :actor, :holder, :reason, :protocol)")
                .bind("lock", e.lockName()).bind("at", e.at().toEpochMilli()).bind("type", e.type().wireName())
                .bind("actor", clip(e.actor(), 255)).bind("holder", e.holder()).bind("reason", clip(e.reason(), 1000))
                .bind("protocol", e.protocol().wireName())
                .execute();
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /**
     * One lock inside an update. Keeps an in-memory copy in step with what it writes, so the decision
     * sees its own changes without reading them back.
     */
    private static final class Transaction implements LockTransaction {
        private final Handle h;
        private final FleetPolicy fleet;
        private LockRecord lock;

        Transaction(Handle h, LockRecord lock, FleetPolicy fleet) {
            this.h = h;
            this.lock = lock;
            this.fleet = fleet;
        }

        @Override
        public LockRecord lock() {
            return lock;
        }

        @Override
        public FleetPolicy fleet() {
            return fleet;
        }

        @Override
        public void saveSettings(LockSettings s) {
            h.createUpdate("UPDATE locks SET slots = :slots, enabled = :enabled, frozen = :frozen, "
                            + "freeze_reason = :reason, stale_after_ms = :stale, lease_ms = :lease WHERE name = :name")
                    .bind("slots", s.slots()).bind("enabled", s.enabled()).bind("frozen", s.frozen())
                    .bind("reason", s.freezeReason()).bind("stale", Rows.millis(s.staleAfter()))
                    .bind("lease", Rows.millis(s.lease())).bind("name", lock.name())
                    .execute();
            lock = new LockRecord(lock.name(), s, lock.createdAt(), lock.holders(), lock.waiters());
        }

        @Override
        public void addHolder(Hold hold) {
            h.createUpdate("INSERT INTO lock_holders (lock_name, holder, acquired_at, renewed_at, protocol, stale_reported) "
                            + "VALUES (:lock, :holder, :acquired, :renewed, :protocol, :stale)")
                    .bind("lock", lock.name()).bind("holder", hold.holder())
                    .bind("acquired", hold.acquiredAt().toEpochMilli()).bind("renewed", hold.renewedAt().toEpochMilli())
                    .bind("protocol", hold.protocol().wireName()).bind("stale", hold.staleReported())
                    .execute();
            List<Hold> holders = new ArrayList<>(lock.holders());
            holders.add(hold);
            withHolders(holders);
        }

        @Override
        public void renewHolder(String holder, Instant at) {
            h.createUpdate("UPDATE lock_holders SET renewed_at = :at WHERE lock_name = :lock AND holder = :holder")
                    .bind("at", at.toEpochMilli()).bind("lock", lock.name()).bind("holder", holder).execute();
            withHolders(lock.holders().stream()
                    .map(x -> x.holder().equals(holder) ? new Hold(x.holder(), x.acquiredAt(), at, x.protocol(), x.staleReported()) : x)
                    .toList());
        }

        @Override
        public void markStaleReported(String holder) {
            h.createUpdate("UPDATE lock_holders SET stale_reported = :t WHERE lock_name = :lock AND holder = :holder")
                    .bind("t", true).bind("lock", lock.name()).bind("holder", holder).execute();
            withHolders(lock.holders().stream()
                    .map(x -> x.holder().equals(holder) ? new Hold(x.holder(), x.acquiredAt(), x.renewedAt(), x.protocol(), true) : x)
                    .toList());
        }

        @Override
        public void removeHolder(String holder) {
            h.createUpdate("DELETE FROM lock_holders WHERE lock_name = :lock AND holder = :holder")
                    .bind("lock", lock.name()).bind("holder", holder).execute();
            withHolders(lock.holders().stream().filter(x -> !x.holder().equals(holder)).toList());
        }

        @Override
        public int waitersAhead(long seq, Instant now, int cap) {
            if (cap <= 0) {
                return 0;
            }
            // Walks the (lock_name, seq) index from the head and stops after cap live waiters.
            return h.createQuery("SELECT COUNT(*) FROM (SELECT 1 FROM lock_waiters WHERE lock_name = :lock AND seq < :seq "
                            + "AND expires_at > :now ORDER BY seq LIMIT :cap) ahead")
                    .bind("lock", lock.name()).bind("seq", seq).bind("now", now.toEpochMilli()).bind("cap", cap)
                    .mapTo(Integer.class).one();
        }

        @Override
        public Optional<Waiter> waiter(String waiterId) {
            return h.createQuery("SELECT * FROM lock_waiters WHERE id = :id AND lock_name = :lock")
                    .bind("id", waiterId).bind("lock", lock.name()).map((rs, ctx) -> Rows.waiter(rs)).findOne();
        }

        @Override
        public void extendWaiter(String waiterId, Instant expiresAt) {
            h.createUpdate("UPDATE lock_waiters SET expires_at = :at WHERE id = :id")
                    .bind("at", expiresAt.toEpochMilli()).bind("id", waiterId).execute();
        }

        @Override
        public Waiter addWaiter(Waiter w) {
            long seq = h.createQuery("INSERT INTO lock_waiters (id, lock_name, holder, since, expires_at, server_id) "
                            + "VALUES (:id, :lock, :holder, :since, :expires, :server) RETURNING seq")
                    .bind("id", w.id()).bind("lock", lock.name()).bind("holder", w.holder())
                    .bind("since", w.since().toEpochMilli()).bind("expires", w.expiresAt().toEpochMilli())
                    .bind("server", w.serverId())
                    .mapTo(Long.class).one();
            return new Waiter(w.id(), w.holder(), seq, w.since(), w.expiresAt(), w.serverId());
        }

        @Override
        public void removeWaiter(String waiterId) {
            h.createUpdate("DELETE FROM lock_waiters WHERE id = :id").bind("id", waiterId).execute();
        }

        @Override
        public void removeWaitersOf(String holder) {
            h.createUpdate("DELETE FROM lock_waiters WHERE lock_name = :lock AND holder = :holder")
                    .bind("lock", lock.name()).bind("holder", holder).execute();
        }

        @Override
        public void append(LockEvent event) {
            insertEvent(h, event);
        }

        private void withHolders(List<Hold> holders) {
            lock = new LockRecord(lock.name(), lock.settings(), lock.createdAt(), List.copyOf(holders), lock.waiters());
        }

    }
}
