package dev.baton.console;

import dev.baton.auth.Permission;
import dev.baton.console.view.ConfirmView;
import dev.baton.console.view.Times;
import dev.baton.console.view.Urls;
import dev.baton.lock.Attachment;
import dev.baton.lock.BadRequestException;
import dev.baton.lock.LockNotFoundException;
import dev.baton.lock.LockPolicy;
import dev.baton.lock.LockView;
import dev.baton.lock.Locks;
import dev.baton.lock.Protocol;
import dev.baton.lock.ReleaseResult;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's actions: on a lock, force-release a holder, set slots, enable, disable, freeze, unfreeze; on the
 * fleet, freeze and unfreeze.
 *
 * <p>Each is a POST carrying the session's CSRF token. The first POST (from the lock page's form) changes nothing:
 * it answers a confirmation page saying what the action will change and asking for a reason; only the POST of that
 * page ({@code confirmed=yes}, a reason given) does it, then redirects to the page it came from. Permissions are
 * checked on both, through {@link ConsoleAccess}. The audit entry of a change is written in the change's own
 * transaction ({@link Recorder#draft}).
 */
final class ActionRoutes {

    private final Locks locks;
    private final SessionGate gate;
    private final Responder responder;
    private final InstantSource clock;
    private final Recorder recorder;

    ActionRoutes(Locks locks, Recorder recorder, SessionGate gate, Responder responder, InstantSource clock) {
        this.locks = locks;
        this.recorder = recorder;
        this.gate = gate;
        this.responder = responder;
        this.clock = clock;
    }

    /** One action: what it will change (for the confirmation), and doing it. */
    private interface Action {
        Permission need();

        String title(String target);

        List<String> changes(Context ctx, String target);

        /**
         * Does it, attaching {@code entry}'s audit entry to the change so that the lock store writes both in one
         * transaction; returns what the entry said: the action's name and its detail.
         */
        Done apply(Context ctx, String target, Viewer viewer, String reason, Entry entry);

        default Map<String, String> carried(Context ctx) {
            return Map.of();
        }
    }

    void routes(JavalinConfig config) {
        lockAction(config, "force-release", new ForceRelease());
        config.routes.get("/locks/{name}/force-release", responder.guarded(ctx -> {
            Viewer viewer = viewer(ctx);
            if (viewer != null) {
                ConsoleAccess.require(viewer.principal(), Permission.OPERATE_LOCKS, ctx.pathParam("name"));
                confirm(ctx, viewer, new ForceRelease(), ctx.pathParam("name"), Urls.lock(ctx.pathParam("name")) + "/force-release", "", null);
            }
        }));
        lockAction(config, "slots", new SetSlots());
        lockAction(config, "enable", new Toggle("enable", "Enable", true));
        lockAction(config, "disable", new Toggle("disable", "Disable", false));
        lockAction(config, "freeze", new Freeze(true));
        lockAction(config, "unfreeze", new Freeze(false));
        fleetAction(config, "freeze", new FleetFreeze(true));
        fleetAction(config, "unfreeze", new FleetFreeze(false));
    }

    /** What an action did, for the audit trail: its dotted name and a detail (or null). */
    private record Done(String action, String detail) {
    }

    /** The audit entry of the action being done, by its viewer, on its target, for its reason. */
    private interface Entry {
        Attachment of(String action, String detail);
    }

    private void lockAction(JavalinConfig config, String verb, Action action) {
        config.routes.post("/locks/{name}/" + verb, responder.guarded(ctx ->
                handle(ctx, action, ctx.pathParam("name"), Urls.lock(ctx.pathParam("name")) + "/" + verb, Urls.lock(ctx.pathParam("name")))));
    }

    private void fleetAction(JavalinConfig config, String verb, Action action) {
        config.routes.post("/fleet/" + verb, responder.guarded(ctx -> handle(ctx, action, null, "/fleet/" + verb, "/")));
    }

    private Viewer viewer(Context ctx) {
        return gate.viewerOrLogin(ctx).orElse(null);
    }

    private void handle(Context ctx, Action action, String target, String path, String back) {
        Viewer viewer = viewer(ctx);
        if (viewer == null) {
            return;
        }
        gate.checkCsrf(ctx, viewer);
        ConsoleAccess.require(viewer.principal(), action.need(), target);
        String reason = ctx.formParam("reason") == null ? "" : ctx.formParam("reason").strip();
        if (!"yes".equals(ctx.formParam("confirmed"))) {
            confirm(ctx, viewer, action, target, path, reason, null);
            return;
        }
        if (reason.isEmpty()) {
            ctx.status(400);
            confirm(ctx, viewer, action, target, path, reason, "Give a reason: it is kept in the history.");
            return;
        }
        if (reason.length() > 1000) {
            throw new BadRequestException("the reason is longer than 1000 characters");
        }
        Done done = action.apply(ctx, target, viewer, reason,
                (name, detail) -> recorder.draft(viewer, name, target, reason, detail));
        recorder.done(viewer, done.action(), target);
        ctx.redirect(back, HttpStatus.SEE_OTHER);
    }


    private void confirm(Context ctx, Viewer viewer, Action action, String target, String path, String reason, String error) {
        Map<String, String> hidden = new LinkedHashMap<>(action.carried(ctx));
        ConfirmView view = new ConfirmView(action.title(target), path, action.changes(ctx, target), hidden, true, reason,
                target == null ? "/" : Urls.lock(target), action.title(target), error);
        responder.page(ctx, "confirm", Map.of("chrome", viewer.chrome(target == null ? "overview" : "locks"), "view", view));
    }

    private LockView lock(String name) {
        return locks.reader().show(name).orElseThrow(() -> new LockNotFoundException(name));
    }

    private static String holder(Context ctx) {
        String holder = ctx.formParam("holder");
        if (holder == null) {
            holder = ctx.queryParam("holder");
        }
        if (holder == null || holder.isBlank()) {
            throw new BadRequestException("say which holder to release (holder)");
        }
        return holder;
    }

    // ------------------------------------------------------------------------------------------ the actions

    private final class ForceRelease implements Action {
        public Permission need() {
            return Permission.OPERATE_LOCKS;
        }

        public String title(String target) {
            return "Force-release on " + target;
        }

        public Map<String, String> carried(Context ctx) {
            return Map.of("holder", holder(ctx));
        }

        public List<String> changes(Context ctx, String target) {
            String holder = holder(ctx);
            LockView lock = lock(target);
            List<String> changes = new ArrayList<>();
            var held = lock.holders().stream().filter(h -> h.holder().equals(holder)).findFirst();
            if (held.isEmpty()) {
                changes.add(holder + " does not hold " + target + " now: nothing will change.");
                return changes;
            }
            changes.add("take the slot of " + holder + " on lock " + target + " (held since " + Times.utc(held.get().acquiredAt())
                    + " via " + held.get().protocol().wireName() + ", " + Times.relative(held.get().acquiredAt(), clock.instant()) + ")");
            changes.add("leave " + holder + "'s agent running: it is not told; its next release answers that it did not hold the lock");
            if (!lock.waiters().isEmpty()) {
                changes.add("give the slot to the next waiter, " + lock.waiters().getFirst().holder()
                        + (lock.frozen() || !lock.enabled() ? ", once the lock is open again" : ""));
            }
            return changes;
        }

        public Done apply(Context ctx, String target, Viewer viewer, String reason, Entry entry) {
            Done done = new Done("lock.force_release", "holder=" + holder(ctx));
            ReleaseResult result = locks.service().forceRelease(target, holder(ctx), viewer.name(), reason, Protocol.NATIVE,
                    entry.of(done.action(), done.detail()));
            if (result.status() == ReleaseResult.Status.NOT_HELD) {
                throw new Refusal(409, "Not held", holder(ctx) + " did not hold " + target + " any more: nothing was changed.");
            }
            return done;
        }
    }

    private final class SetSlots implements Action {
        public Permission need() {
            return Permission.OPERATE_LOCKS;
        }

        public String title(String target) {
            return "Set the slots of " + target;
        }

        public Map<String, String> carried(Context ctx) {
            return Map.of("slots", String.valueOf(slots(ctx)));
        }

        public List<String> changes(Context ctx, String target) {
            LockView lock = lock(target);
            int slots = slots(ctx);
            List<String> changes = new ArrayList<>();
            changes.add("change the slots of " + target + " from " + lock.slots() + " to " + slots);
            if (slots < lock.holders().size()) {
                changes.add("evict nobody: the " + lock.holders().size() + " holders keep their slots; no new grant until fewer than "
                        + slots + " hold");
            } else if (slots > lock.slots() && !lock.waiters().isEmpty()) {
                changes.add("grant up to " + Math.min(slots - lock.slots(), lock.waiters().size()) + " waiting hosts at once");
            }
            return changes;
        }

        public Done apply(Context ctx, String target, Viewer viewer, String reason, Entry entry) {
            int before = lock(target).slots();
            Done done = new Done("lock.set_slots", "slots=" + before + " -> " + slots(ctx));
            locks.policy().attaching(entry.of(done.action(), done.detail())).setSlots(target, slots(ctx), viewer.name());
            return done;
        }

        private static int slots(Context ctx) {
            String value = ctx.formParam("slots");
            try {
                return Integer.parseInt(value == null ? "" : value.strip());
            } catch (NumberFormatException e) {
                throw new BadRequestException("slots must be a whole number, got '" + value + "'");
            }
        }
    }

    private final class Toggle implements Action {
        private final String verb;
        private final String title;
        private final boolean enable;

        Toggle(String verb, String title, boolean enable) {
            this.verb = verb;
            this.title = title;
            this.enable = enable;
        }

        public Permission need() {
            return Permission.OPERATE_LOCKS;
        }

        public String title(String target) {
            return title + " " + target;
        }

        public List<String> changes(Context ctx, String target) {
            LockView lock = lock(target);
            if (lock.enabled() == enable) {
                return List.of(target + " is already " + verb + "d: nothing will change");
            }
            return enable ? List.of("let " + target + " be acquired and released again")
                    : List.of("refuse every acquire and release of " + target + " until it is enabled again",
                            "keep its " + lock.holders().size() + " holders; they cannot release until then");
        }

        public Done apply(Context ctx, String target, Viewer viewer, String reason, Entry entry) {
            Done done = new Done("lock." + verb, null);
            locks.policy().attaching(entry.of(done.action(), null)).setEnabled(target, enable, viewer.name(), reason);
            return done;
        }
    }

    private final class Freeze implements Action {
        private final boolean freeze;

        Freeze(boolean freeze) {
            this.freeze = freeze;
        }

        public Permission need() {
            return Permission.OPERATE_LOCKS;
        }

        public String title(String target) {
            return (freeze ? "Freeze " : "Unfreeze ") + target;
        }

        public List<String> changes(Context ctx, String target) {
            LockView lock = lock(target);
            return freeze ? List.of("grant no new slot of " + target + " until it is unfrozen",
                    "keep its " + lock.holders().size() + " holders; " + lock.waiters().size() + " waiting keep waiting")
                    : List.of("let " + target + " grant slots again" + (lock.waiters().isEmpty() ? "" : ", first to its "
                    + lock.waiters().size() + " waiting"));
        }

        public Done apply(Context ctx, String target, Viewer viewer, String reason, Entry entry) {
            Done done = new Done(freeze ? "lock.freeze" : "lock.unfreeze", null);
            LockPolicy audited = locks.policy().attaching(entry.of(done.action(), null));
            if (freeze) {
                audited.freeze(target, reason, viewer.name());
            } else {
                audited.unfreeze(target, viewer.name());
            }
            return done;
        }
    }

    private final class FleetFreeze implements Action {
        private final boolean freeze;

        FleetFreeze(boolean freeze) {
            this.freeze = freeze;
        }

        public Permission need() {
            return Permission.FREEZE_FLEET;
        }

        public String title(String target) {
            return freeze ? "Freeze the fleet" : "Unfreeze the fleet";
        }

        public List<String> changes(Context ctx, String target) {
            int count = locks.reader().list().size();
            return freeze ? List.of("grant no new slot on any of the " + count + " locks until the fleet is unfrozen",
                    "keep every holder; waiting hosts keep waiting")
                    : List.of("let the " + count + " locks grant slots again, each by its own settings");
        }

        public Done apply(Context ctx, String target, Viewer viewer, String reason, Entry entry) {
            Done done = new Done(freeze ? "fleet.freeze" : "fleet.unfreeze", null);
            LockPolicy audited = locks.policy().attaching(entry.of(done.action(), null));
            if (freeze) {
                audited.freezeFleet(reason, viewer.name());
            } else {
                audited.unfreezeFleet(viewer.name());
            }
            return done;
        }
    }
}
