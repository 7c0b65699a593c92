package dev.baton.console;

import dev.baton.audit.Actor;
import dev.baton.audit.AuditDraft;
import dev.baton.audit.AuditTrail;
import dev.baton.lock.BadRequestException;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where a console action is recorded: the audit trail, as done by the user's session, from its
 * address: for a lock or fleet change, a {@link #draft} that the lock store writes in the change's own transaction;
 * for the others, an entry {@link #begin begun} before the change and settled after it. The detail never holds a
 * secret (a password, a credential's secret).
 */
final class Recorder {

    private static final Logger log = LoggerFactory.getLogger(Recorder.class);
    private final AuditTrail audit;

    Recorder(AuditTrail audit) {
        this.audit = audit;
    }

    /** The entry of a change about to be made, stored as begun: make the change through its {@code run}. */
    AuditTrail.Attempt begin(Viewer viewer, String action, String target, String reason, String detail) {
        return audit.begin(actor(viewer), action, target, reason, detail);
    }

    /** The entry of a lock or fleet change, not stored: the change's lock store writes it in the change's transaction. */
    AuditDraft draft(Viewer viewer, String action, String target, String reason, String detail) {
        return audit.draft(actor(viewer), action, target, reason, detail);
    }

    /** Logs an action done (its entry stored with it, as a {@link #draft}). */
    void done(Viewer viewer, String action, String target) {
        log.info("console action {} on {} by {} from {}", action, target == null ? "the fleet" : target, viewer.name(),
                viewer.address());
    }

    private static Actor actor(Viewer viewer) {
        return new Actor(viewer.name(), Actor.SESSION, viewer.address());
    }

    /**
     * The reason a form gives for an action the audit trail keeps: stripped, empty when none given.
     *
     * @throws BadRequestException when it is longer than 1000 characters
     */
    static String reason(Context ctx) {
        String reason = ctx.formParam("reason") == null ? "" : ctx.formParam("reason").strip();
        if (reason.length() > 1000) {
            throw new BadRequestException("the reason is longer than 1000 characters");
        }
        return reason;
    }
}
