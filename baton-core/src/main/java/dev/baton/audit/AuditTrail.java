package dev.baton.audit;

import java.time.InstantSource;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
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
 * add their own ({@code notify.*}). The trail holds what was done, not what was tried, and a crash never loses an
 * entry of a change that stands:
 * <ul>
 *   <li>the entry of a lock, fleet or host change is a {@link #draft} that the store writes in the change's own
 *   transaction: both are stored, or neither;</li>
 *   <li>any other change {@link #begin}s its entry before it is made (stored as not yet done) and makes the change
 *   through {@link Attempt#run}, which marks the entry done after, or withdraws it when the change failed. A crash
 *   in between leaves the entry not done: begun, and may or may not have taken effect;</li>
 *   <li>{@link #record} is for actions that change nothing stored (a test message sent).</li>
 * </ul>
 * Secrets never go into an entry: callers pass what changed, not the new password.
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
     * Records an action that is already done, durably, and returns its entry: only for actions that change nothing
     * stored. A change {@link #begin}s its entry first, or attaches a {@link #draft} to its own transaction.
     *
     * @param action a dotted name ({@code lock.freeze})
     * @param target the lock, host, user or credential; {@code null} for fleet-wide actions
     * @param reason why, as the actor said; may be {@code null}
     * @param detail what changed, briefly; may be {@code null}; never a secret
     */
    public AuditEntry record(Actor actor, String action, String target, String reason, String detail) {
        AuditDraft d = draft(actor, action, target, reason, detail);
        return store.append(d.at(), d.actor(), d.action(), d.target(), d.reason(), d.detail(), true);
    }

    /**
     * Stores the entry of an action about to be done, as not yet done, and returns the attempt that makes the change
     * and settles the entry ({@link Attempt#run}).
     */
    public Attempt begin(Actor actor, String action, String target, String reason, String detail) {
        AuditDraft d = draft(actor, action, target, reason, detail);
        return new Attempt(store.append(d.at(), d.actor(), d.action(), d.target(), d.reason(), d.detail(), false));
    }

    /** A begun entry, settled once by {@link #run}: done, or withdrawn. */
    public final class Attempt {
        private final AuditEntry entry;

        private Attempt(AuditEntry entry) {
            this.entry = entry;
        }

        /**
         * Makes {@code change}: when it throws, withdraws the entry (the change failed and changed nothing) and
         * rethrows; when it returns, marks the entry done, as begun, and returns the result. When the store cannot
         * mark it done, the entry stays begun (as after a crash) and the change's result is still returned.
         */
        public <T> T run(Supplier<T> change) {
            return run(change, result -> entry.target(), result -> entry.detail());
        }

        /**
         * As {@link #run(Supplier)}, the entry done with the target and detail that only the change's result tells
         * (a new credential's id, what a form changed).
         */
        public <T> T run(Supplier<T> change, Function<? super T, String> target, Function<? super T, String> detail) {
            T result;
            try {
                result = change.get();
            } catch (RuntimeException | Error e) {
                try {
                    store.withdraw(entry.id());
                } catch (RuntimeException storeFailing) {
                    e.addSuppressed(storeFailing); // the entry stays, not done: what a reader must assume anyway
                }
                throw e;
            }
            try {
                store.complete(entry.id(), cut(target.apply(result)), cut(detail.apply(result)));
            } catch (RuntimeException e) {
                // The change stands; its entry stays begun (outcome unknown), as after a crash: answer the change.
            }
            return result;
        }
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
