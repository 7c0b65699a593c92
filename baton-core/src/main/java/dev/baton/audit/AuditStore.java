package dev.baton.audit;

import java.time.Instant;

/** Where the audit trail is kept; implemented in the same database as the locks. */
public interface AuditStore {

    /** Stores an entry durably before it returns; returns it with its id. {@code done} false: an action begun. */
    AuditEntry append(Instant at, Actor actor, String action, String target, String reason, String detail, boolean done);

    /** Marks a begun entry done, with its final target and detail; false when there is no such begun entry. */
    boolean complete(long id, String target, String detail);

    /** Removes a begun entry whose action failed (nothing was changed); false when there is no such begun entry. */
    boolean withdraw(long id);

    /** Up to {@code query.limit()} matching entries with ids below {@code query.before()}, newest first. */
    java.util.List<AuditEntry> list(AuditQuery query);
}
