package dev.baton.console;

import dev.baton.audit.Actor;
import dev.baton.audit.AuditTrail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where a console action is recorded: the audit trail, as done by the user's session, from its
 * address, after the action succeeded. The detail never holds a secret (a password, a credential's secret).
 */
final class Recorder {

    private static final Logger log = LoggerFactory.getLogger(Recorder.class);
    private final AuditTrail audit;

    Recorder(AuditTrail audit) {
        this.audit = audit;
    }

    void record(Viewer viewer, String action, String target, String reason, String detail) {
        audit.record(new Actor(viewer.name(), Actor.SESSION, viewer.address()), action, target, reason, detail);
        log.info("console action {} on {} by {} from {}", action, target == null ? "the fleet" : target, viewer.name(),
                viewer.address());
    }
}
