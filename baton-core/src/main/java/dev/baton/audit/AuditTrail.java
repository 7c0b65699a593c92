package dev.baton.audit;

import java.time.InstantSource;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who did what, when, from where and why: one trail for every action of the console, the CLI and the API that
 * changes something (holders taking and giving back slots are the locks' history instead).
 *
 * <p>Actions are dotted names: {@code lock.force_release}, {@code lock.set_slots}, {@code lock.set_stale_after}, {@code lock.set_lease},
 * {@code lock.enable}, {@code lock.disable}, {@code lock.freeze}, {@code lock.unfreeze}, {@code fleet.freeze},
 * {@code fleet.unfreeze}, {@code user.create}, {@code user.disable}, {@code user.enable}, {@code user.set_role},
 * {@code user.set_scopes}, {@code user.reset_password}, {@code credential.create}, {@code credential.revoke},
 * {@code host.add}, {@code host.remove}, {@code host.add_alias}, {@code host.allow}, {@code host.deny}; other parts
 * add their own ({@code notify.*}). The trail holds what was done, not what was tried: the entry of a lock or fleet
 * change is a {@link #draft} that the lock store writes in the change's own transaction, so a crash never keeps one
 * without the other; other entries are {@linkplain #record recorded} after their action succeeded. Secrets never go into an entry: callers pass what changed, not the new password.
 */
public final class AuditTrail {

    /** Longest reason and detail kept; longer ones are cut, with an ellipsis. */
    public static final int MAX_TEXT = 1000;
    private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");

    private final AuditStore store;
    private final InstantSource clock;

    public AuditTrail(AuditStore store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Records an action, durably, and returns its entry.
     *
     * @param action a dotted name ({@code lock.freeze})
     * @param target the lock, host, user or credential; {@code null} for fleet-wide actions
     * @param reason why, as the actor said; may be {@code null}
     * @param detail what changed, briefly; may be {@code null}; never a secret
     */
    public AuditEntry record(Actor actor, String action, String target, String reason, String detail) {
        AuditDraft d = draft(actor, action, target, reason, detail);
        return store.append(d.at(), d.actor(), d.action(), d.target(), d.reason(), d.detail());
    }

    /**
     * The entry of an action, checked and cut as {@link #record} does, but not stored: to be attached to a lock or fleet
     * change, whose store writes it in the change's own transaction ({@link dev.baton.lock.LockPolicy#attaching}).
     */
    public AuditDraft draft(Actor actor, String action, String target, String reason, String detail) {
        if (action == null || !ACTION.matcher(action).matches()) {
            throw new IllegalArgumentException("an audit action is a dotted lower-case name such as lock.freeze, got " + action);
        }
        return new AuditDraft(clock.instant(), actor, action, cut(target), cut(reason), cut(detail));
    }

    /** Entries newest first, filtered and keyset-paged as {@code query} says. */
    public AuditPage list(AuditQuery query) {
        List<AuditEntry> entries = store.list(query);
        Long next = entries.size() == query.limit() ? entries.getLast().id() : null;
        return new AuditPage(entries, next);
    }

    private static String cut(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        if (t.isEmpty()) {
            return null;
        }
        return t.length() <= MAX_TEXT ? t : t.substring(0, MAX_TEXT - 1) + "…";
    }
}
