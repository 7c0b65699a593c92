package dev.baton.web;

import dev.baton.audit.AuditDraft;
import dev.baton.audit.AuditTrail;
import dev.baton.auth.Principal;
import io.javalin.http.Context;

/**
 * How the HTTP doors write the audit trail: the actor of a request is its caller, how it signed in, and the client's
 * address ({@link HolderGate#actor}). A lock or fleet change carries its entry as a {@link #draft}, stored in the change's
 * own transaction; another change {@link #begin}s its entry before it is made and settles it after; an action that
 * changes nothing stored (a test message) {@link #record}s it. With what changed, never a secret.
 */
public final class AuditLog {

    private final AuditTrail trail;
    private final HolderGate gate;

    public AuditLog(AuditTrail trail, HolderGate gate) {
        this.trail = trail;
        this.gate = gate;
    }

    /**
     * Stores the entry of a change about to be made by the caller of {@code ctx}, not yet done: settle it with
     * {@link AuditTrail.Attempt#run} (or {@code done}/{@code withdraw}), so a crash in between leaves it begun.
     */
    public AuditTrail.Attempt begin(Context ctx, Principal caller, String action, String target, String reason, String detail) {
        return trail.begin(gate.actor(ctx, caller), action, target, reason, detail);
    }

    /** Records {@code action} on {@code target} (null: fleet-wide) by the caller of {@code ctx}: one that changes nothing stored. */
    public void record(Context ctx, Principal caller, String action, String target, String reason, String detail) {
        trail.record(gate.actor(ctx, caller), action, target, reason, detail);
    }

    /**
     * The entry of {@code action} by the caller of {@code ctx}, not stored: attach it to a lock or fleet change
     * ({@link dev.baton.lock.LockPolicy#attaching}), whose store writes it in the change's own transaction.
     */
    public AuditDraft draft(Context ctx, Principal caller, String action, String target, String reason, String detail) {
        return trail.draft(gate.actor(ctx, caller), action, target, reason, detail);
    }

    /** The trail itself, for reading. */
    public AuditTrail trail() {
        return trail;
    }
}
