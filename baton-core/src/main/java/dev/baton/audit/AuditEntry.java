package dev.baton.audit;

import java.time.Instant;

/**
 * One recorded action.
 *
 * @param id     increasing; pages are cut by it
 * @param action a dotted name such as {@code lock.force_release} ({@link AuditTrail})
 * @param target the lock, host, user or credential it concerned; {@code null} for fleet-wide actions
 * @param reason why, as the actor said; may be {@code null}
 * @param detail what changed, briefly (e.g. {@code slots=3}); never a secret; may be {@code null}
 * @param done   false while the action is under way, and for ever when the server stopped before it ended: it was
 *               begun, and may or may not have taken effect ({@link AuditTrail#begin})
 */
public record AuditEntry(long id, Instant at, Actor actor, String action, String target, String reason, String detail,
                         boolean done) {
}
