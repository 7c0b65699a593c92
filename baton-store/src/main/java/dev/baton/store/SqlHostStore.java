package dev.baton.store;

import dev.baton.hosts.Host;
import dev.baton.hosts.HostConflictException;
import dev.baton.hosts.HostStore;
import dev.baton.hosts.Sighting;
import dev.baton.lock.Attachment;
import dev.baton.lock.StoreUnavailableException;
import dev.baton.store.sql.AttachmentSql;
import dev.baton.store.sql.Rows;
import dev.baton.store.sql.SqlFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

/**
 * The host registry on SQL (SQLite and PostgreSQL). A name or alias is claimed by inserting it into
 * {@code host_names} with {@code ON CONFLICT DO NOTHING}: zero rows inserted means it is taken, and the
 * transaction is rolled back by the exception that says so (no unique-violation error, which would abort a
 * PostgreSQL transaction and be retried as a race).
 */
public final class SqlHostStore implements HostStore {

    private final Database db;

    public SqlHostStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<Host> find(String identity) {
        return reading(() -> db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT host_id FROM host_names WHERE identity = :identity")
                .bind("identity", identity).mapTo(Long.class).findOne()
                .flatMap(id -> load(h, id))));
    }

    @Override
    public List<Host> list() {
        return reading(() -> db.jdbi().withHandle(h -> {
            Map<Long, List<String>> aliases = new HashMap<>();
            h.createQuery("SELECT host_id, identity FROM host_names WHERE is_alias ORDER BY identity")
                    .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2)))
                    .forEach(e -> aliases.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            Map<Long, Map<String, Instant>> checkIns = new HashMap<>();
            h.createQuery("SELECT host_id, protocol, at FROM host_checkins")
                    .map((rs, ctx) -> Map.entry(rs.getLong(1), Map.entry(rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)))))
                    .forEach(e -> checkIns.computeIfAbsent(e.getKey(), k -> new HashMap<>())
                            .put(e.getValue().getKey(), e.getValue().getValue()));
            return h.createQuery("SELECT * FROM hosts ORDER BY name")
                    .map((rs, ctx) -> host(rs, aliases.getOrDefault(rs.getLong("id"), List.of()),
                            checkIns.getOrDefault(rs.getLong("id"), Map.of())))
                    .list();
        }));
    }

    @Override
    public Host add(String name, List<String> aliases, boolean canAcquire, Instant at, Attachment attachment) {
        return db.writes().inTransaction(h -> {
            int inserted = h.createUpdate("INSERT INTO hosts (name, can_acquire, created_at) VALUES (:name, :can, :at) "
                            + "ON CONFLICT (name) DO NOTHING")
                    .bind("name", name).bind("can", canAcquire).bind("at", at.toEpochMilli()).execute();
            if (inserted == 0) {
                throw new HostConflictException("a host named '" + name + "' exists already");
            }
            long id = h.createQuery("SELECT id FROM hosts WHERE name = :name").bind("name", name).mapTo(Long.class).one();
            claim(h, id, name, false);
            for (String alias : aliases) {
                claim(h, id, alias, true);
            }
            AttachmentSql.write(h, attachment);
            return load(h, id).orElseThrow();
        });
    }

    @Override
    public boolean addAlias(String name, String alias, Attachment attachment) {
        return db.writes().inTransaction(h -> {
            Optional<Long> id = h.createQuery("SELECT id FROM hosts WHERE name = :name").bind("name", name)
                    .mapTo(Long.class).findOne();
            id.ifPresent(hostId -> {
                claim(h, hostId, alias, true);
                AttachmentSql.write(h, attachment);
            });
            return id.isPresent();
        });
    }

    @Override
    public boolean remove(String name, Attachment attachment) {
        return db.writes().inTransaction(h -> {
            Optional<Long> id = h.createQuery("SELECT id FROM hosts WHERE name = :name").bind("name", name)
                    .mapTo(Long.class).findOne();
            id.ifPresent(hostId -> {
                h.createUpdate("DELETE FROM host_checkins WHERE host_id = :id").bind("id", hostId).execute();
                h.createUpdate("DELETE FROM host_names WHERE host_id = :id").bind("id", hostId).execute();
                h.createUpdate("DELETE FROM hosts WHERE id = :id").bind("id", hostId).execute();
                AttachmentSql.write(h, attachment);
            });
            return id.isPresent();
        });
    }

    @Override
    public boolean setCanAcquire(String name, boolean allowed, Attachment attachment) {
        return db.writes().inTransaction(h -> {
            boolean found = h.createUpdate("UPDATE hosts SET can_acquire = :can WHERE name = :name")
                    .bind("can", allowed).bind("name", name).execute() == 1;
            if (found) {
                AttachmentSql.write(h, attachment);
            }
            return found;
        });
    }

    @Override
    public void checkIn(long hostId, Instant at, String protocol) {
        db.writes().inTransaction(h -> {
            int updated = h.createUpdate("UPDATE hosts SET last_checkin_at = :at, last_protocol = :protocol WHERE id = :id")
                    .bind("at", at.toEpochMilli()).bind("protocol", protocol).bind("id", hostId).execute();
            if (updated == 1) { // a host removed meanwhile gets no row
                h.createUpdate("INSERT INTO host_checkins (host_id, protocol, at) VALUES (:id, :protocol, :at) "
                                + "ON CONFLICT (host_id, protocol) DO UPDATE SET at = excluded.at")
                        .bind("id", hostId).bind("protocol", protocol).bind("at", at.toEpochMilli()).execute();
            }
            return updated;
        });
    }

    @Override
    public void sighting(String identity, Instant at, String protocol) {
        db.writes().inTransaction(h -> h.createUpdate("INSERT INTO host_sightings (identity, last_checkin_at, last_protocol) "
                        + "VALUES (:identity, :at, :protocol) ON CONFLICT (identity) DO UPDATE "
                        + "SET last_checkin_at = excluded.last_checkin_at, last_protocol = excluded.last_protocol "
                        + "WHERE host_sightings.last_checkin_at < excluded.last_checkin_at")
                .bind("identity", identity).bind("at", at.toEpochMilli()).bind("protocol", protocol).execute());
    }

    @Override
    public List<Sighting> sightings() {
        return reading(() -> db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM host_sightings ORDER BY identity")
                .map((rs, ctx) -> new Sighting(rs.getString("identity"), Rows.instant(rs, "last_checkin_at"), rs.getString("last_protocol")))
                .list()));
    }

    @Override
    public int purgeSightingsBefore(Instant cutoff) {
        return db.writes().inTransaction(h -> h.createUpdate("DELETE FROM host_sightings WHERE last_checkin_at < :cutoff")
                .bind("cutoff", cutoff.toEpochMilli()).execute());
    }

    private static void claim(Handle h, long hostId, String identity, boolean alias) {
        int inserted = h.createUpdate("INSERT INTO host_names (identity, host_id, is_alias) VALUES (:identity, :id, :alias) "
                        + "ON CONFLICT (identity) DO NOTHING")
                .bind("identity", identity).bind("id", hostId).bind("alias", alias).execute();
        if (inserted == 0) {
            String owner = h.createQuery("SELECT hosts.name FROM host_names JOIN hosts ON hosts.id = host_names.host_id "
                            + "WHERE identity = :identity")
                    .bind("identity", identity).mapTo(String.class).findOne().orElse("another host");
            throw new HostConflictException("'" + identity + "' is already a name or alias of host '" + owner + "'");
        }
    }

    private static Optional<Host> load(Handle h, long id) {
        List<String> aliases = h.createQuery("SELECT identity FROM host_names WHERE host_id = :id AND is_alias ORDER BY identity")
                .bind("id", id).mapTo(String.class).list();
        Map<String, Instant> checkIns = new HashMap<>();
        h.createQuery("SELECT protocol, at FROM host_checkins WHERE host_id = :id").bind("id", id)
                .map((rs, ctx) -> Map.entry(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2))))
                .forEach(e -> checkIns.put(e.getKey(), e.getValue()));
        return h.createQuery("SELECT * FROM hosts WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> host(rs, aliases, checkIns)).findOne();
    }

    private static Host host(java.sql.ResultSet rs, List<String> aliases, Map<String, Instant> checkIns)
            throws java.sql.SQLException {
        return new Host(rs.getLong("id"), rs.getString("name"), aliases, rs.getBoolean("can_acquire"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "last_checkin_at"), rs.getString("last_protocol"), checkIns);
    }

    private static <T> T reading(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (JdbiException e) {
            throw new StoreUnavailableException("store read failed: " + SqlFailure.rootMessage(e), e);
        }
    }
}
