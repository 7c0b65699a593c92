package dev.baton.web;

import dev.baton.audit.AuditTrail;
import dev.baton.auth.Principal;
import io.javalin.http.Context;

/**
 * How the HTTP doors write the audit trail: the actor of a request is its caller, how it signed in, and the client's
 * address ({@link HolderGate#actor}). Called after an action succeeded, with what changed and never a secret.
 */
public final class AuditLog {

    private final AuditTrail trail;
    private final HolderGate gate;

    public AuditLog(AuditTrail trail, HolderGate gate) {
        this.trail = trail;
        this.gate = gate;
    }

    /** Records {@code action} on {@code target} (null: fleet-wide) by the caller of {@code ctx}. */
    public void record(Context ctx, Principal caller, String action, String target, String reason, String detail) {
        trail.record(gate.actor(ctx, caller), action, target, reason, detail);
    }

    /** The trail itself, for reading. */
    public AuditTrail trail() {
        return trail;
    }
}
