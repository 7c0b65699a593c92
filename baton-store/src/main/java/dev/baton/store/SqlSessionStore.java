package dev.baton.store;

import dev.baton.auth.Session;
import dev.baton.auth.SessionStore;
import dev.baton.store.sql.Rows;
import java.time.Instant;
import java.util.Optional;

/** Console sessions, in the same database as the locks; the token arrives here already hashed. */
public final class SqlSessionStore implements SessionStore {

    private final Database db;

    public SqlSessionStore(Database db) {
        this.db = db;
    }

    @Override
    public void create(Session s) {
        db.writes().inTransaction(h -> h.createUpdate("INSERT INTO console_sessions "
                        + "(token_hash, user_name, csrf_token, created_at, last_seen_at, address) "
                        + "VALUES (:hash, :user, :csrf, :created, :seen, :address)")
                .bind("hash", s.tokenHash()).bind("user", s.user()).bind("csrf", s.csrf())
                .bind("created", s.createdAt().toEpochMilli()).bind("seen", s.lastSeenAt().toEpochMilli())
                .bind("address", s.address()).execute());
    }

    @Override
    public Optional<Session> find(String tokenHash) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM console_sessions WHERE token_hash = :hash")
                .bind("hash", tokenHash)
                .map((rs, ctx) -> new Session(rs.getString("token_hash"), rs.getString("user_name"), rs.getString("csrf_token"),
                        Rows.instant(rs, "created_at"), Rows.instant(rs, "last_seen_at"), rs.getString("address")))
                .findOne());
    }

    @Override
    public boolean touch(String tokenHash, Instant at) {
        return db.writes().inTransaction(h -> h.createUpdate(
                        "UPDATE console_sessions SET last_seen_at = :at WHERE token_hash = :hash AND last_seen_at < :at")
                .bind("at", at.toEpochMilli()).bind("hash", tokenHash).execute()) == 1;
    }

    @Override
    public boolean delete(String tokenHash) {
        return db.writes().inTransaction(h -> h.createUpdate("DELETE FROM console_sessions WHERE token_hash = :hash")
                .bind("hash", tokenHash).execute()) == 1;
    }

    @Override
    public int deleteExpired(Instant idleBefore, Instant createdBefore) {
        return db.writes().inTransaction(h -> h.createUpdate(
                        "DELETE FROM console_sessions WHERE last_seen_at < :idle OR created_at < :created")
                .bind("idle", idleBefore.toEpochMilli()).bind("created", createdBefore.toEpochMilli()).execute());
    }
}
