package dev.baton.store;

import dev.baton.audit.Actor;
import dev.baton.audit.AuditEntry;
import dev.baton.audit.AuditQuery;
import dev.baton.audit.AuditStore;
import dev.baton.store.sql.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** The audit trail in the {@code audit_entries} table: appended, never changed; read newest first by id. */
public final class SqlAuditStore implements AuditStore {

    private final Database db;

    private static final String DONE = "done";
    private static final String PENDING = "pending";

    public SqlAuditStore(Database db) {
        this.db = db;
    }

    @Override
    public AuditEntry append(Instant at, Actor actor, String action, String target, String reason, String detail, boolean done) {
        long id = db.writes().inTransaction(h -> h.createQuery(
                        "INSERT INTO audit_entries (at, actor, via, address, action, target, reason, detail, outcome) "
                                + "VALUES (:at, :actor, :via, :address, :action, :target, :reason, :detail, :outcome) RETURNING id")
                .bind("at", at.toEpochMilli()).bind("actor", actor.name()).bind("via", actor.via())
                .bind("address", actor.address()).bind("action", action).bind("target", target)
                .bind("reason", reason).bind("detail", detail).bind("outcome", done ? DONE : PENDING)
                .mapTo(Long.class).one());
        return new AuditEntry(id, Instant.ofEpochMilli(at.toEpochMilli()), actor, action, target, reason, detail, done);
    }

    @Override
    public boolean complete(long id, String target, String detail) {
        return db.writes().inTransaction(h -> h.createUpdate("UPDATE audit_entries SET outcome = :done, target = :target, "
                        + "detail = :detail WHERE id = :id AND outcome = :pending")
                .bind("done", DONE).bind("pending", PENDING).bind("id", id).bind("target", target).bind("detail", detail)
                .execute()) == 1;
    }

    @Override
    public boolean withdraw(long id) {
        return db.writes().inTransaction(h -> h.createUpdate("DELETE FROM audit_entries WHERE id = :id AND outcome = :pending")
                .bind("pending", PENDING).bind("id", id).execute()) == 1;
    }

    @Override
    public List<AuditEntry> list(AuditQuery q) {
        StringBuilder sql = new StringBuilder("SELECT * FROM audit_entries WHERE id < :before");
        if (q.actor() != null) {
            sql.append(" AND actor = :actor");
        }
        boolean prefix = q.action() != null && q.action().endsWith(".*");
        if (q.action() != null) {
            // A prefix as a range, not LIKE: '_' in action names is a LIKE wildcard, and a range uses the index.
            sql.append(prefix ? " AND action >= :from AND action < :to" : " AND action = :action");
        }
        if (q.target() != null) {
            sql.append(" AND target = :target");
        }
        sql.append(" ORDER BY id DESC LIMIT :limit");
        return db.jdbi().withHandle(h -> {
            var query = h.createQuery(sql.toString())
                    .bind("before", q.before() == null ? Long.MAX_VALUE : q.before())
                    .bind("limit", q.limit());
            if (q.actor() != null) {
                query.bind("actor", q.actor());
            }
            if (prefix) {
                String stem = q.action().substring(0, q.action().length() - 1); // "lock."
                query.bind("from", stem).bind("to", stem.substring(0, stem.length() - 1) + "/"); // '/' follows '.'
            } else if (q.action() != null) {
                query.bind("action", q.action());
            }
            if (q.target() != null) {
                query.bind("target", q.target());
            }
            return query.map((rs, ctx) -> entry(rs)).list();
        });
    }

    private static AuditEntry entry(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getLong("id"), Rows.instant(rs, "at"),
                new Actor(rs.getString("actor"), rs.getString("via"), rs.getString("address")),
                rs.getString("action"), rs.getString("target"), rs.getString("reason"), rs.getString("detail"),
                DONE.equals(rs.getString("outcome")));
    }
}
