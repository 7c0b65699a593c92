package dev.baton.audit;

import dev.baton.lock.Attachment;
import java.time.Instant;

/**
 * An audit entry not stored yet, made by {@link AuditTrail#draft}: checked and cut to size, its time taken. Attached
 * to a lock or fleet change ({@link dev.baton.lock.LockPolicy#attaching}), the lock store writes it in the change's own
 * transaction, so the change and its entry are stored together or not at all.
 */
public record AuditDraft(Instant at, Actor actor, String action, String target, String reason, String detail)
        implements Attachment {
}
