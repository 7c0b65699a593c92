package dev.baton.store;

import static dev.baton.store.SqlPackageStore.reading;

import dev.baton.pipeline.repository.Repository;
import dev.baton.pipeline.repository.RepositoryConflictException;
import dev.baton.pipeline.repository.RepositoryNotFoundException;
import dev.baton.pipeline.repository.RepositoryStore;
import dev.baton.pipeline.repository.RepositoryVersion;
import dev.baton.pipeline.repository.VersionSummary;
import dev.baton.store.sql.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Repositories and their versions on SQL (SQLite and PostgreSQL).
 *
 * <h2>Versions as ranges</h2>
 * A version's packages are not copied per version: {@code repository_members} has one row per stay of a package in
 * a repository, {@code (package, from_version, to_version)}, {@code to_version} NULL while it is still in. A change
 * costs one row per package it adds (an insert) or removes (an update setting {@code to_version}), plus the version
 * row; a version of 10,000 packages changed by one package writes three rows. Listing version {@code v} is one range
 * scan of the covering index {@code (repository_id, from_version, to_version, package_id)}: it reads the index
 * entries of every stay that began at or before {@code v} (the packages in it plus those removed before it) and
 * keeps those still in at {@code v}, never the table.
 *
 * <h2>Compare-and-set</h2>
 * {@code repositories.latest_version} is moved by {@code UPDATE ... WHERE latest_version = :expected} in the
 * transaction that writes the version; on PostgreSQL a concurrent second update waits for the first to commit, then
 * finds the number moved on and changes nothing. The version's primary key {@code (repository_id, number)} would
 * refuse a reused number anyway.
 */
public final class SqlRepositoryStore implements RepositoryStore {

    private static final String SUMMARY = "SELECT r.name AS repository, v.number, v.created_at, v.actor, v.reason, "
            + "v.package_count FROM repository_versions v JOIN repositories r ON r.id = v.repository_id ";

    /** The package ids of one version: a range scan of {@code repository_members_version}. */
    static final String MEMBERS = "SELECT package_id FROM repository_members WHERE repository_id = :id "
            + "AND from_version <= :number AND (to_version IS NULL OR to_version > :number)";

    private final Database db;

    public SqlRepositoryStore(Database db) {
        this.db = db;
    }

    @Override
    public void create(Repository r, String actor, String reason, Instant at) {
        db.writes().inTransaction(h -> {
            long id = h.createQuery("INSERT INTO repositories (name, description, sign_with, requires_tested, "
                            + "keep_publications, production, latest_version, created_at) VALUES (:name, :description, "
                            + ":signWith, :requiresTested, :keep, :production, 1, :at) ON CONFLICT (name) DO NOTHING RETURNING id")
                    .bind("name", r.name()).bind("description", r.description()).bind("signWith", r.signWith())
                    .bind("requiresTested", r.requiresTested()).bind("keep", r.keepPublications()).bind("production", r.production())
                    .bind("at", at.toEpochMilli()).mapTo(Long.class).findOne()
                    .orElseThrow(() -> new RepositoryConflictException("a repository named " + r.name() + " exists already"));
            insertVersion(h, id, 1, 0, actor, reason, at);
            return null;
        });
    }

    @Override
    public List<Repository> list() {
        return reading(() -> db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM repositories ORDER BY name")
                .map((rs, ctx) -> repository(rs)).list()));
    }

    @Override
    public Optional<Repository> find(String name) {
        return reading(() -> db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM repositories WHERE name = :name")
                .bind("name", name).map((rs, ctx) -> repository(rs)).findOne()));
    }

    @Override
    public boolean remove(String name) {
        return db.writes().inTransaction(h -> {
            Optional<Long> id = repositoryId(h, name);
            if (id.isEmpty()) {
                return false;
            }
            for (String table : List.of("repository_members", "repository_versions")) {
                h.createUpdate("DELETE FROM " + table + " WHERE repository_id = :id").bind("id", id.get()).execute();
            }
            h.createUpdate("DELETE FROM package_states WHERE repository = :name").bind("name", name).execute();
            h.createUpdate("DELETE FROM repositories WHERE id = :id").bind("id", id.get()).execute();
            return true;
        });
    }

    @Override
    public Optional<VersionSummary> latest(String name) {
        return reading(() -> db.jdbi().withHandle(h -> h.createQuery(SUMMARY
                        + "WHERE r.name = :name AND v.number = r.latest_version")
                .bind("name", name).map((rs, ctx) -> summary(rs)).findOne()));
    }

    @Override
    public List<VersionSummary> versions(String name) {
        return reading(() -> db.jdbi().withHandle(h -> h.createQuery(SUMMARY + "WHERE r.name = :name ORDER BY v.number")
                .bind("name", name).map((rs, ctx) -> summary(rs)).list()));
    }

    @Override
    public Optional<RepositoryVersion> version(String name, int number) {
        // Versions are immutable (a later change only sets to_version above this number), so two reads agree.
        return reading(() -> db.jdbi().withHandle(h -> {
            Optional<Long> id = repositoryId(h, name);
            Optional<VersionSummary> summary = id.flatMap(i -> h.createQuery(SUMMARY
                            + "WHERE v.repository_id = :id AND v.number = :number")
                    .bind("id", i).bind("number", number).map((rs, ctx) -> summary(rs)).findOne());
            if (summary.isEmpty()) {
                return Optional.empty();
            }
            List<Long> ids = h.createQuery(MEMBERS).bind("id", id.get()).bind("number", number)
                    .mapTo(Long.class).list();
            VersionSummary s = summary.get();
            return Optional.of(new RepositoryVersion(name, number, s.createdAt(), s.actor(), s.reason(), new TreeSet<>(ids)));
        }));
    }

    @Override
    public OptionalInt commit(String name, int expectedLatest, Set<Long> added, Set<Long> removed, String actor,
                              String reason, Instant at) {
        return db.writes().inTransaction(h -> {
            long id = repositoryId(h, name).orElseThrow(() -> new RepositoryNotFoundException("no repository named " + name));
            int next = expectedLatest + 1;
            if (h.createUpdate("UPDATE repositories SET latest_version = :next WHERE id = :id AND latest_version = :expected")
                    .bind("next", next).bind("id", id).bind("expected", expectedLatest).execute() == 0) {
                return OptionalInt.empty();
            }
            int count = h.createQuery("SELECT package_count FROM repository_versions WHERE repository_id = :id "
                    + "AND number = :number").bind("id", id).bind("number", expectedLatest).mapTo(Integer.class).one();
            insertVersion(h, id, next, count + added.size() - removed.size(), actor, reason, at);
            if (!removed.isEmpty()) {
                PreparedBatch end = h.prepareBatch("UPDATE repository_members SET to_version = :next "
                        + "WHERE repository_id = :id AND package_id = :package AND to_version IS NULL");
                removed.forEach(p -> end.bind("next", next).bind("id", id).bind("package", p).add());
                int[] ended = end.execute();
                for (int n : ended) {
                    if (n != 1) {
                        // The caller checked against version expectedLatest, which the compare-and-set proved current.
                        throw new IllegalStateException("repository " + name + ": a removed package was not in version "
                                + expectedLatest);
                    }
                }
            }
            if (!added.isEmpty()) {
                PreparedBatch begin = h.prepareBatch("INSERT INTO repository_members (repository_id, package_id, "
                        + "from_version, to_version) VALUES (:id, :package, :next, NULL)");
                added.forEach(p -> begin.bind("id", id).bind("package", p).bind("next", next).add());
                begin.execute();
            }
            return OptionalInt.of(next);
        });
    }

    private static void insertVersion(Handle h, long id, int number, int count, String actor, String reason, Instant at) {
        h.createUpdate("INSERT INTO repository_versions (repository_id, number, created_at, actor, reason, package_count) "
                        + "VALUES (:id, :number, :at, :actor, :reason, :count)")
                .bind("id", id).bind("number", number).bind("at", at.toEpochMilli()).bind("actor", actor)
                .bind("reason", reason).bind("count", count).execute();
    }

    private static Optional<Long> repositoryId(Handle h, String name) {
        return h.createQuery("SELECT id FROM repositories WHERE name = :name").bind("name", name)
                .mapTo(Long.class).findOne();
    }

    private static Repository repository(ResultSet rs) throws SQLException {
        return new Repository(rs.getString("name"), rs.getString("description"), rs.getString("sign_with"),
                rs.getBoolean("requires_tested"), rs.getInt("keep_publications"), rs.getBoolean("production"));
    }

    private static VersionSummary summary(ResultSet rs) throws SQLException {
        return new VersionSummary(rs.getString("repository"), rs.getInt("number"), Rows.instant(rs, "created_at"),
                rs.getString("actor"), rs.getString("reason"), rs.getInt("package_count"));
    }
}
