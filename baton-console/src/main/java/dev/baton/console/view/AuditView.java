package dev.baton.console.view;

import dev.baton.audit.AuditPage;
import java.time.Instant;

/**
 * The audit page: one page of entries, newest first, and the filters that chose them.
 *
 * @param actor  the actor name filter, empty for any
 * @param action the action filter as typed: a whole action ({@code lock.freeze}) or a prefix ({@code user})
 * @param target the target filter, empty for any
 * @param before the page's keyset cursor, or null for the newest
 */
public record AuditView(AuditPage page, String actor, String action, String target, Long before, Instant now) {

    public boolean filtered() {
        return !actor.isEmpty() || !action.isEmpty() || !target.isEmpty();
    }

    /** This view's filters with another cursor (null: the newest entries). */
    public String link(Long cursor) {
        return "/audit?actor=" + Urls.query(actor) + "&action=" + Urls.query(action) + "&target=" + Urls.query(target)
                + (cursor == null ? "" : "&before=" + cursor);
    }
}
