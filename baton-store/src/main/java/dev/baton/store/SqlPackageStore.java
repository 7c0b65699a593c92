package dev.baton.store;

import dev.baton.lock.StoreUnavailableException;
import dev.baton.pipeline.repository.PackageEvent;
import dev.baton.pipeline.repository.PackageOrigin;
import dev.baton.pipeline.repository.PackageRecord;
import dev.baton.pipeline.repository.PackageState;
import dev.baton.pipeline.repository.PackageStore;
import dev.baton.pipeline.repository.Registered;
import dev.baton.pipeline.repository.StateChange;
import dev.baton.pipeline.rpm.Nevra;
import dev.baton.store.sql.Rows;
import dev.baton.store.sql.SqlFailure;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

/**
 * Package files and their state events on SQL (SQLite and PostgreSQL). A file's own state is kept under the
 * repository {@code ''} (a key column cannot be NULL) and answered as {@code null}.
 *
 * <p>Registering the same file at once from two servers: both run {@code INSERT ... ON CONFLICT DO NOTHING}; on
 * PostgreSQL the second waits for the first's commit and then inserts nothing, reads the first's row and answers it.
 */
public final class SqlPackageStore implements PackageStore {

    /** Ids per {@code IN (...)} list: far below both databases' limits on bound parameters. */
    static final int CHUNK = 1000;

    private static final String OWN = "";
    private static final String INSERT_PACKAGE = "INSERT INTO packages (nevra, name, epoch, version, release, arch, "
            + "sha256, size, origin, signed_from, signed_by_key_id, remote, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
            + "?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id";
    private static final String INSERT_EVENT = "INSERT INTO package_events (package_id, repository, state, actor, "
            + "reason, at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id";
    private static final String UPSERT_STATE = "INSERT INTO package_states (package_id, repository, state, event_id) "
            + "VALUES (?, ?, ?, ?) ON CONFLICT (package_id, repository) DO UPDATE SET state = excluded.state, "
            + "event_id = excluded.event_id";

    private final Database db;

    public SqlPackageStore(Database db) {
        this.db = db;
    }

    @Override
    public PackageRecord insertIfAbsent(PackageRecord p, PackageState state, String actor, String reason, Instant at) {
        return db.writes().inTransaction(h -> insertIfAbsent(h, p, state, actor, reason, at).record());
    }

    @Override
    public List<Registered> insertAllIfAbsent(List<PackageRecord> records, PackageState state, String actor,
                                              String reason, Instant at) {
        return db.writes().inTransaction(h -> {
            List<Registered> registered = new ArrayList<>(records.size());
            List<StateChange> firstStates = new ArrayList<>();
            List<Long> known = new ArrayList<>();
            try (PreparedStatement insert = h.getConnection().prepareStatement(INSERT_PACKAGE)) {
                for (PackageRecord p : records) {
                    Optional<Long> id = insert(insert, p, at);
                    if (id.isPresent()) {
                        registered.add(new Registered(p.withId(id.get()), state));
                        firstStates.add(new StateChange(id.get(), null, state, actor, reason));
                    } else {
                        PackageRecord stored = stored(h, p);
                        registered.add(new Registered(stored, null));
                        known.add(stored.id());
                    }
                }
            } catch (SQLException e) {
                throw new SqlFailure(e);
            }
            recordAll(h, firstStates, at);
            if (known.isEmpty()) {
                return registered;
            }
            Map<Long, PackageState> states = new HashMap<>();
            for (int i = 0; i < known.size(); i += CHUNK) {
                h.createQuery("SELECT package_id, state FROM package_states WHERE repository = :own AND package_id IN "
                                + "(<ids>)").bind("own", OWN).bindList("ids", known.subList(i, Math.min(known.size(), i + CHUNK)))
                        .map((rs, ctx) -> Map.entry(rs.getLong(1), PackageState.valueOf(rs.getString(2))))
                        .forEach(e -> states.put(e.getKey(), e.getValue()));
            }
            return registered.stream().map(r -> r.state() != null ? r
                    : new Registered(r.record(), states.get(r.record().id()))).toList();
        });
    }

    /** Runs {@link #INSERT_PACKAGE} for one record: its new id, or empty when the file is registered already. */
    private static Optional<Long> insert(PreparedStatement insert, PackageRecord p, Instant at) throws SQLException {
        insert.setString(1, p.nevra().toString());
        insert.setString(2, p.nevra().name());
        insert.setInt(3, p.nevra().epoch());
        insert.setString(4, p.nevra().version());
        insert.setString(5, p.nevra().release());
        insert.setString(6, p.nevra().arch());
        insert.setString(7, p.sha256());
        insert.setLong(8, p.size());
        insert.setString(9, p.origin().name());
        insert.setString(10, p.signedFrom());
        insert.setString(11, p.signedByKeyId());
        insert.setString(12, p.remote());
        insert.setLong(13, at.toEpochMilli());
        insert.execute();
        try (ResultSet rs = insert.getResultSet()) {
            return rs != null && rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
        }
    }

    /** The stored record of a file registered already: by its digest, or a signed copy of the same original and key. */
    private static PackageRecord stored(Handle h, PackageRecord p) {
        return h.createQuery("SELECT * FROM packages WHERE sha256 = :sha256 OR (signed_from = :signedFrom AND "
                        + "signed_by_key_id = :keyId) ORDER BY id")
                .bind("sha256", p.sha256()).bind("signedFrom", p.signedFrom()).bind("keyId", p.signedByKeyId())
                .map((rs, ctx) -> record(rs)).list().getFirst();
    }

    /** Inserts the record with its first state, or answers the stored one with a null state (read by the caller). */
    private Registered insertIfAbsent(Handle h, PackageRecord p, PackageState state, String actor, String reason,
                                      Instant at) {
        Optional<Long> id;
        try (PreparedStatement insert = h.getConnection().prepareStatement(INSERT_PACKAGE)) {
            id = insert(insert, p, at);
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
        if (id.isEmpty()) {
            return new Registered(stored(h, p), null);
        }
        record(h, id.get(), null, state, actor, reason, at);
        return new Registered(p.withId(id.get()), state);
    }

    @Override
    public Optional<PackageRecord> find(long id) {
        return reading(() -> db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM packages WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> record(rs)).findOne()));
    }

    @Override
    public Optional<PackageRecord> findBySha256(String sha256) {
        return reading(() -> db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM packages WHERE sha256 = :sha256")
                .bind("sha256", sha256).map((rs, ctx) -> record(rs)).findOne()));
    }

    @Override
    public List<PackageRecord> findByNevra(Nevra nevra) {
        return reading(() -> db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM packages WHERE nevra = :nevra "
                + "ORDER BY id").bind("nevra", nevra.toString()).map((rs, ctx) -> record(rs)).list()));
    }

    @Override
    public List<PackageRecord> search(String name, String remote, PackageState state, int limit) {
        StringBuilder sql = new StringBuilder("SELECT p.* FROM packages p WHERE 1 = 1");
        if (name != null) {
            sql.append(" AND p.name = :name");
        }
        if (remote != null) {
            sql.append(" AND p.remote = :remote");
        }
        if (state != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM package_states s WHERE s.package_id = p.id AND s.state = :state)");
        }
        sql.append(" ORDER BY p.id LIMIT :limit");
        return reading(() -> db.jdbi().withHandle(h -> {
            var query = h.createQuery(sql.toString()).bind("limit", limit);
            if (name != null) {
                query.bind("name", name);
            }
            if (remote != null) {
                query.bind("remote", remote);
            }
            if (state != null) {
                query.bind("state", state.name());
            }
            return query.map((rs, ctx) -> record(rs)).list();
        }));
    }

    @Override
    public List<PackageRecord> find(Collection<Long> ids) {
        List<PackageRecord> found = inChunks(ids, chunk -> db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT * FROM packages WHERE id IN (<ids>)").bindList("ids", chunk)
                .map((rs, ctx) -> record(rs)).list()));
        found.sort(Comparator.comparingLong(PackageRecord::id));
        return found;
    }

    @Override
    public PackageEvent recordState(long packageId, String repository, PackageState state, String actor, String reason,
                                    Instant at) {
        return db.writes().inTransaction(h -> record(h, packageId, repository, state, actor, reason, at));
    }

    @Override
    public List<PackageEvent> recordStates(List<StateChange> changes, Instant at) {
        return db.writes().inTransaction(h -> recordAll(h, changes, at));
    }

    @Override
    public List<PackageEvent> currentStates(Collection<Long> packageIds) {
        return events("SELECT e.* FROM package_states s JOIN package_events e ON e.id = s.event_id "
                + "WHERE s.package_id IN (<ids>)", packageIds);
    }

    @Override
    public List<PackageEvent> events(Collection<Long> packageIds) {
        return events("SELECT * FROM package_events WHERE package_id IN (<ids>)", packageIds);
    }

    /** The events a query with an {@code <ids>} list selects, in id order. */
    private List<PackageEvent> events(String query, Collection<Long> packageIds) {
        List<PackageEvent> events = inChunks(packageIds, chunk -> db.jdbi().withHandle(h -> h.createQuery(query)
                .bindList("ids", chunk).map((rs, ctx) -> event(rs)).list()));
        events.sort(Comparator.comparingLong(PackageEvent::id));
        return events;
    }

    /**
     * The events and states of many changes with one prepared statement each for the whole batch: Jdbi's binding of
     * every statement anew was most of the embedded store's writer CPU in a sync (bench/README.md, "Mirroring").
     */
    private static List<PackageEvent> recordAll(Handle h, List<StateChange> changes, Instant at) {
        List<PackageEvent> events = new ArrayList<>(changes.size());
        if (changes.isEmpty()) {
            return events;
        }
        try (PreparedStatement event = h.getConnection().prepareStatement(INSERT_EVENT);
                PreparedStatement state = h.getConnection().prepareStatement(UPSERT_STATE)) {
            for (StateChange c : changes) {
                event.setLong(1, c.packageId());
                event.setString(2, c.repository());
                event.setString(3, c.state().name());
                event.setString(4, c.actor());
                event.setString(5, c.reason());
                event.setLong(6, at.toEpochMilli());
                event.execute();
                long eventId;
                try (ResultSet rs = event.getResultSet()) {
                    rs.next();
                    eventId = rs.getLong(1);
                }
                state.setLong(1, c.packageId());
                state.setString(2, c.repository() == null ? OWN : c.repository());
                state.setString(3, c.state().name());
                state.setLong(4, eventId);
                state.executeUpdate();
                events.add(new PackageEvent(eventId, c.packageId(), c.repository(), c.state(), c.actor(), c.reason(), at));
            }
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
        return events;
    }

    private static PackageEvent record(Handle h, long packageId, String repository, PackageState state, String actor,
                                       String reason, Instant at) {
        return recordAll(h, List.of(new StateChange(packageId, repository, state, actor, reason)), at).getFirst();
    }

    private static PackageRecord record(ResultSet rs) throws SQLException {
        Nevra nevra = new Nevra(rs.getString("name"), rs.getInt("epoch"), rs.getString("version"),
                rs.getString("release"), rs.getString("arch"));
        return new PackageRecord(rs.getLong("id"), nevra, rs.getString("sha256"), rs.getLong("size"),
                PackageOrigin.valueOf(rs.getString("origin")), rs.getString("signed_from"),
                rs.getString("signed_by_key_id"), rs.getString("remote"));
    }

    private static PackageEvent event(ResultSet rs) throws SQLException {
        return new PackageEvent(rs.getLong("id"), rs.getLong("package_id"), rs.getString("repository"),
                PackageState.valueOf(rs.getString("state")), rs.getString("actor"), rs.getString("reason"),
                Rows.instant(rs, "at"));
    }

    /** Runs a read per {@link #CHUNK} distinct ids and joins the answers. */
    static <T> List<T> inChunks(Collection<Long> ids, Function<List<Long>, List<T>> read) {
        List<Long> distinct = new ArrayList<>(new TreeSet<>(ids));
        List<T> all = new ArrayList<>();
        for (int i = 0; i < distinct.size(); i += CHUNK) {
            List<Long> chunk = distinct.subList(i, Math.min(distinct.size(), i + CHUNK));
            all.addAll(reading(() -> read.apply(chunk)));
        }
        return all;
    }

    static <T> T reading(Supplier<T> read) {
        try {
            return read.get();
        } catch (JdbiException e) {
            throw new StoreUnavailableException("store read failed: " + SqlFailure.rootMessage(e), e);
        }
    }
}
