package dev.baton.store;

import dev.baton.pipeline.remote.Remote;
import dev.baton.pipeline.remote.RemoteStore;
import dev.baton.pipeline.remote.RemoteSyncState;
import dev.baton.store.sql.Rows;
import java.net.URI;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.SqlStatement;

/** The pipeline's remotes and their last sync, in the same database as the locks. */
public final class SqlRemoteStore implements RemoteStore {

    private static final String COLUMNS = "name, url, trusted_keys, repo_gpgcheck, client_certificate, client_key, proxy, "
            + "sync_interval, advisories, created_at, created_by";

    private final Database db;

    public SqlRemoteStore(Database db) {
        this.db = db;
    }

    @Override
    public boolean insert(Remote r) {
        return db.writes().inTransaction(h -> bind(h.createUpdate("INSERT INTO pipeline_remotes (" + COLUMNS + ") VALUES "
                + "(:name, :url, :keys, :gpgcheck, :cert, :key, :proxy, :interval, :advisories, :created, :by) "
                + "ON CONFLICT (name) DO NOTHING"), r).execute()) == 1;
    }

    @Override
    public boolean update(Remote r) {
        return db.writes().inTransaction(h -> bind(h.createUpdate("UPDATE pipeline_remotes SET url = :url, "
                + "trusted_keys = :keys, repo_gpgcheck = :gpgcheck, client_certificate = :cert, client_key = :key, "
                + "proxy = :proxy, sync_interval = :interval, advisories = :advisories WHERE name = :name"), r).execute()) == 1;
    }

    @Override
    public Optional<Remote> find(String name) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM pipeline_remotes WHERE name = :name")
                .bind("name", name).map((rs, ctx) -> remote(rs)).findOne());
    }

    @Override
    public List<Remote> list() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM pipeline_remotes ORDER BY name")
                .map((rs, ctx) -> remote(rs)).list());
    }

    @Override
    public boolean delete(String name) {
        return db.writes().inTransaction(h -> {
            h.createUpdate("DELETE FROM pipeline_remote_syncs WHERE remote = :name").bind("name", name).execute();
            return h.createUpdate("DELETE FROM pipeline_remotes WHERE name = :name").bind("name", name).execute();
        }) == 1;
    }

    @Override
    public void recordSync(RemoteSyncState s) {
        db.writes().inTransaction(h -> h.createUpdate("INSERT INTO pipeline_remote_syncs "
                        + "(remote, synced_at, repomd_sha256, revision, packages, failed, result) "
                        + "VALUES (:remote, :at, :sha, :revision, :packages, :failed, :result) "
                        + "ON CONFLICT (remote) DO UPDATE SET synced_at = excluded.synced_at, "
                        + "repomd_sha256 = excluded.repomd_sha256, revision = excluded.revision, "
                        + "packages = excluded.packages, failed = excluded.failed, result = excluded.result")
                .bind("remote", s.remote()).bind("at", s.syncedAt().toEpochMilli()).bind("sha", s.repomdSha256())
                .bind("revision", s.revision()).bind("packages", s.packages()).bind("failed", s.failed())
                .bind("result", s.result()).execute());
    }

    @Override
    public Optional<RemoteSyncState> lastSync(String name) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM pipeline_remote_syncs WHERE remote = :name")
                .bind("name", name)
                .map((rs, ctx) -> new RemoteSyncState(rs.getString("remote"), Rows.instant(rs, "synced_at"),
                        rs.getString("repomd_sha256"), rs.getString("revision"), rs.getLong("packages"),
                        rs.getLong("failed"), rs.getString("result")))
                .findOne());
    }

    private static <S extends SqlStatement<S>> S bind(S statement, Remote r) {
        return statement.bind("name", r.name()).bind("url", r.url().toString()).bind("keys", r.trustedKeys())
                .bind("gpgcheck", r.repoGpgcheck()).bind("cert", text(r.clientCertificate()))
                .bind("key", text(r.clientKey())).bind("proxy", r.proxy() == null ? null : r.proxy().toString())
                .bind("interval", Rows.millis(r.syncInterval())).bind("advisories", r.advisories())
                .bind("created", r.createdAt().toEpochMilli()).bind("by", r.createdBy());
    }

    private static Remote remote(ResultSet rs) throws SQLException {
        String cert = rs.getString("client_certificate");
        String key = rs.getString("client_key");
        String proxy = rs.getString("proxy");
        return new Remote(rs.getString("name"), URI.create(rs.getString("url")), rs.getString("trusted_keys"),
                rs.getBoolean("repo_gpgcheck"), cert == null ? null : Path.of(cert), key == null ? null : Path.of(key),
                proxy == null ? null : URI.create(proxy), Rows.duration(rs, "sync_interval"), rs.getString("advisories"),
                Rows.instant(rs, "created_at"), rs.getString("created_by"));
    }

    private static String text(Path p) {
        return p == null ? null : p.toString();
    }
}
