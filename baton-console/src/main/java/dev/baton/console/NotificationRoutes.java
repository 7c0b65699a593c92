package dev.baton.console;

import dev.baton.auth.Permission;
import dev.baton.console.view.NotificationsView;
import dev.baton.lock.BadRequestException;
import dev.baton.notify.Notifier;
import dev.baton.notify.OutboxEntry;
import dev.baton.notify.OutboxState;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The notifications page ({@code /notifications}, {@link Permission#VIEW}): the outbox with its states, the dead
 * letters with their last error, and, for those who may {@link Permission#MANAGE_NOTIFICATIONS}, the channels and
 * rules (secrets only as set or not set) and a retry of each dead letter ({@code POST
 * /notifications/outbox/{id}/retry}: CSRF token, a reason, recorded in the audit trail as {@code notify.outbox.retry}).
 * Everything is read and done through {@link Notifier}, the notifications domain.
 */
final class NotificationRoutes {

    static final int PAGE_SIZE = 50;
    /** Dead letters shown at the top of the page at most (the outbox filtered to "dead" pages through all). */
    static final int DEAD_SHOWN = 20;

    private final Notifier notifier;
    private final Recorder recorder;
    private final SessionGate gate;
    private final Responder responder;
    private final InstantSource clock;

    NotificationRoutes(Notifier notifier, Recorder recorder, SessionGate gate, Responder responder, InstantSource clock) {
        this.notifier = notifier;
        this.recorder = recorder;
        this.gate = gate;
        this.responder = responder;
        this.clock = clock;
    }

    void routes(JavalinConfig config) {
        config.routes.get("/notifications", responder.guarded(ctx -> {
            Viewer viewer = viewer(ctx);
            if (viewer != null) {
                ConsoleAccess.require(viewer.principal(), Permission.VIEW, null);
                responder.page(ctx, "notifications", Map.of("chrome", viewer.chrome("notifications"), "view", view(ctx, viewer)));
            }
        }));
        config.routes.post("/notifications/outbox/{id}/retry", responder.guarded(this::retry));
    }

    private NotificationsView view(Context ctx, Viewer viewer) {
        String state = PageRoutes.text(ctx, "state");
        OutboxState filter;
        try {
            filter = state.isEmpty() ? null : OutboxState.fromWire(state);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("state must be pending, sent or dead, got '" + state + "'");
        }
        Long before = id(PageRoutes.text(ctx, "before"), "before");
        List<OutboxEntry> page = notifier.outbox(filter, before, PAGE_SIZE);
        Long next = page.size() == PAGE_SIZE ? page.getLast().id() : null;
        Map<String, Long> counts = new LinkedHashMap<>();
        notifier.counts().forEach((s, n) -> counts.put(s.wireName(), n));
        boolean manage = ConsoleAccess.may(viewer.principal(), Permission.MANAGE_NOTIFICATIONS, null);
        return new NotificationsView(counts, notifier.failed(DEAD_SHOWN), page, state, before, next,
                manage ? notifier.channels() : List.of(), manage ? notifier.rules() : List.of(), manage, clock.instant(),
                notifier.kinds());
    }

    private void retry(Context ctx) {
        Viewer viewer = viewer(ctx);
        if (viewer == null) {
            return;
        }
        gate.checkCsrf(ctx, viewer);
        ConsoleAccess.require(viewer.principal(), Permission.MANAGE_NOTIFICATIONS, null);
        long id = id(ctx.pathParam("id"), "the outbox entry");
        String reason = ctx.formParam("reason") == null ? "" : ctx.formParam("reason").strip();
        if (reason.isEmpty() || reason.length() > 1000) {
            throw new BadRequestException("give a reason of 1 to 1000 characters: it is kept in the audit trail. Nothing was changed.");
        }
        recorder.begin(viewer, "notify.outbox.retry", "outbox " + id, reason, null).run(() -> {
            if (!notifier.retry(id)) {
                throw new Refusal(404, "Not a dead letter", "Outbox entry " + id + " is not a dead letter (it was sent, is "
                        + "still being tried, or does not exist): nothing was changed.");
            }
            return true;
        });
        recorder.done(viewer, "notify.outbox.retry", "outbox " + id);
        ctx.redirect("/notifications", HttpStatus.SEE_OTHER);
    }

    private Viewer viewer(Context ctx) {
        return gate.viewerOrLogin(ctx).orElse(null);
    }

    private static Long id(String value, String what) {
        try {
            return value.isEmpty() ? null : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BadRequestException(what + " must be an outbox entry id (a number), got '" + value + "'");
        }
    }
}
