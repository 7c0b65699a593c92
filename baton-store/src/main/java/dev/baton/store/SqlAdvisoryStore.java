package dev.baton.store;

import dev.baton.pipeline.advisory.Advisory;
import dev.baton.pipeline.advisory.AdvisoryOrigin;
import dev.baton.pipeline.advisory.AdvisoryPackage;
import dev.baton.pipeline.advisory.AdvisoryReference;
import dev.baton.pipeline.advisory.AdvisoryStore;
import dev.baton.pipeline.advisory.AdvisoryType;
import dev.baton.pipeline.advisory.Severity;
import dev.baton.pipeline.rpm.Nevra;
import dev.baton.store.sql.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The pipeline's advisories, their references and packages, and the per-year sequences of site ids, in the same
 * database as the locks. A sequence number is taken by one atomic upsert ({@code ... RETURNING}): PostgreSQL locks
 * the row for the statement, SQLite has one writer, so two servers never take the same number.
 */
public final class SqlAdvisoryStore implements AdvisoryStore {

    private static final String COLUMNS = "id, type, severity, status, title, summary, description, issued, updated, "
            + "from_address, origin, remote, derived_from";

    private final Database db;

    public SqlAdvisoryStore(Database db) {
        this.db = db;
    }

    @Override
    public int nextSequence(String prefix, int year) {
        return db.writes().inTransaction(h -> h.createQuery("INSERT INTO pipeline_advisory_sequences (prefix, year, last_number) "
                        + "VALUES (:prefix, :year, 1) ON CONFLICT (prefix, year) DO UPDATE "
                        + "SET last_number = pipeline_advisory_sequences.last_number + 1 RETURNING last_number")
                .bind("prefix", prefix).bind("year", year).mapTo(Integer.class).one());
    }

    @Override
    public boolean insert(Advisory a) {
        return db.writes().inTransaction(h -> {
            int rows = bind(h.createUpdate("INSERT INTO pipeline_advisories (" + COLUMNS + ") VALUES (:id, :type, :severity, "
                    + ":status, :title, :summary, :description, :issued, :updated, :from, :origin, :remote, :derived) "
                    + "ON CONFLICT (id) DO NOTHING"), a).execute();
            if (rows == 1) {
                insertChildren(h, a);
            }
            return rows == 1;
        });
    }

    @Override
    public boolean update(Advisory a) {
        return db.writes().inTransaction(h -> {
            int rows = bind(h.createUpdate("UPDATE pipeline_advisories SET type = :type, severity = :severity, "
                    + "status = :status, title = :title, summary = :summary, description = :description, "
                    + "issued = :issued, updated = :updated, from_address = :from, origin = :origin, remote = :remote, "
                    + "derived_from = :derived WHERE id = :id"), a).execute();
            if (rows == 1) {
                h.createUpdate("DELETE FROM pipeline_advisory_references WHERE advisory = :id").bind("id", a.id()).execute();
                h.createUpdate("DELETE FROM pipeline_advisory_packages WHERE advisory = :id").bind("id", a.id()).execute();
                insertChildren(h, a);
            }
            return rows == 1;
        });
    }

    @Override
    public Optional<Advisory> find(String id) {
        return db.jdbi().inTransaction(h -> withChildren(h, h.createQuery("SELECT " + COLUMNS
                + " FROM pipeline_advisories WHERE id = :id").bind("id", id).map((rs, ctx) -> head(rs)).list()))
                .stream().findFirst();
    }

    @Override
    public Optional<Advisory> findDerivedFrom(String upstreamId) {
        return db.jdbi().inTransaction(h -> withChildren(h, h.createQuery("SELECT " + COLUMNS
                + " FROM pipeline_advisories WHERE derived_from = :id ORDER BY issued, id").bind("id", upstreamId)
                .map((rs, ctx) -> head(rs)).list())).stream().findFirst();
    }

    @Override
    public List<Advisory> list() {
        return db.jdbi().inTransaction(h -> withChildren(h, h.createQuery("SELECT " + COLUMNS
                + " FROM pipeline_advisories ORDER BY issued DESC, id").map((rs, ctx) -> head(rs)).list()));
    }

    private static void insertChildren(Handle h, Advisory a) {
        if (!a.references().isEmpty()) {
            PreparedBatch batch = h.prepareBatch("INSERT INTO pipeline_advisory_references "
                    + "(advisory, position, href, ref_id, type, title) VALUES (:advisory, :position, :href, :ref, :type, :title)");
            int i = 0;
            for (AdvisoryReference r : a.references()) {
                batch.bind("advisory", a.id()).bind("position", i++).bind("href", r.href()).bind("ref", r.id())
                        .bind("type", r.type().name()).bind("title", r.title()).add();
            }
            batch.execute();
        }
        if (!a.packages().isEmpty()) {
            PreparedBatch batch = h.prepareBatch("INSERT INTO pipeline_advisory_packages (advisory, position, name, "
                    + "epoch, pkg_version, pkg_release, arch, filename, sha256, reboot_suggested) VALUES (:advisory, "
                    + ":position, :name, :epoch, :version, :release, :arch, :filename, :sha256, :reboot)");
            int i = 0;
            for (AdvisoryPackage p : a.packages()) {
                Nevra n = p.nevra();
                batch.bind("advisory", a.id()).bind("position", i++).bind("name", n.name()).bind("epoch", n.epoch())
                        .bind("version", n.version()).bind("release", n.release()).bind("arch", n.arch())
                        .bind("filename", p.filename()).bind("sha256", p.sha256()).bind("reboot", p.rebootSuggested())
                        .add();
            }
            batch.execute();
        }
    }

    /** The advisories with their references and packages, read in the same transaction (one query each). */
    private static List<Advisory> withChildren(Handle h, List<Advisory> heads) {
        if (heads.isEmpty()) {
            return heads;
        }
        List<String> ids = heads.stream().map(Advisory::id).toList();
        Map<String, List<AdvisoryReference>> references = new HashMap<>();
        Map<String, List<AdvisoryPackage>> packages = new HashMap<>();
        for (int from = 0; from < ids.size(); from += 500) { // bounded IN lists
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            h.createQuery("SELECT * FROM pipeline_advisory_references WHERE advisory IN (<ids>) ORDER BY advisory, position")
                    .bindList("ids", chunk).map((rs, ctx) -> {
                        references.computeIfAbsent(rs.getString("advisory"), k -> new ArrayList<>())
                                .add(new AdvisoryReference(rs.getString("href"), rs.getString("ref_id"),
                                        AdvisoryReference.Type.valueOf(rs.getString("type")), rs.getString("title")));
                        return 0;
                    }).list();
            h.createQuery("SELECT * FROM pipeline_advisory_packages WHERE advisory IN (<ids>) ORDER BY advisory, position")
                    .bindList("ids", chunk).map((rs, ctx) -> {
                        packages.computeIfAbsent(rs.getString("advisory"), k -> new ArrayList<>())
                                .add(new AdvisoryPackage(new Nevra(rs.getString("name"), rs.getInt("epoch"),
                                        rs.getString("pkg_version"), rs.getString("pkg_release"), rs.getString("arch")),
                                        rs.getString("filename"), rs.getString("sha256"), rs.getBoolean("reboot_suggested")));
                        return 0;
                    }).list();
        }
        return heads.stream().map(a -> new Advisory(a.id(), a.type(), a.severity(), a.status(), a.title(), a.summary(),
                a.description(), a.issued(), a.updated(), a.from(), references.getOrDefault(a.id(), List.of()),
                packages.getOrDefault(a.id(), List.of()), a.origin(), a.derivedFrom())).toList();
    }

    private static <S extends SqlStatement<S>> S bind(S statement, Advisory a) {
        return statement.bind("id", a.id()).bind("type", a.type().name())
                .bind("severity", a.severity() == null ? null : a.severity().name()).bind("status", a.status())
                .bind("title", a.title()).bind("summary", a.summary()).bind("description", a.description())
                .bind("issued", a.issued().toEpochMilli()).bind("updated", a.updated().toEpochMilli())
                .bind("from", a.from()).bind("origin", a.origin().kind().name()).bind("remote", a.origin().remote())
                .bind("derived", a.derivedFrom());
    }

    private static Advisory head(ResultSet rs) throws SQLException {
        String severity = rs.getString("severity");
        AdvisoryOrigin.Kind kind = AdvisoryOrigin.Kind.valueOf(rs.getString("origin"));
        return new Advisory(rs.getString("id"), AdvisoryType.valueOf(rs.getString("type")),
                severity == null ? null : Severity.valueOf(severity), rs.getString("status"), rs.getString("title"),
                rs.getString("summary"), rs.getString("description"), Rows.instant(rs, "issued"),
                Rows.instant(rs, "updated"), rs.getString("from_address"), null, null,
                new AdvisoryOrigin(kind, rs.getString("remote")), rs.getString("derived_from"));
    }
}
