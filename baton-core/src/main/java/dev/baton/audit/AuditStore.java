package dev.baton.audit;

import java.time.Instant;

/** Where the audit trail is kept; implemented in the same database as the locks. */
public interface AuditStore {

    /** Stores an entry durably before it returns; returns it with its id. */
    AuditEntry append(Instant at, Actor actor, String action, String target, String reason, String detail);

    /** Up to {@code query.limit()} matching entries with ids below {@code query.before()}, newest first. */
    java.util.List<AuditEntry> list(AuditQuery query);
}
