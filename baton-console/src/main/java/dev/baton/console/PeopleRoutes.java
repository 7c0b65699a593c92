package dev.baton.console;

import dev.baton.auth.AuthService;
import dev.baton.auth.Credential;
import dev.baton.auth.Permission;
import dev.baton.auth.Role;
import dev.baton.auth.User;
import dev.baton.console.view.ConfirmView;
import dev.baton.console.view.PeopleView;
import dev.baton.console.view.SecretView;
import dev.baton.lock.BadRequestException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The People page ({@code /people}, {@link Permission#MANAGE_PEOPLE}): users (create, disable, enable, set the role,
 * set the scopes, reset the password) and API credentials (create, revoke), all through the auth domain.
 *
 * <p>Every action is a POST with the session's CSRF token and a reason, and is recorded in the audit trail under
 * the same action names the API uses ({@code user.create}, {@code credential.revoke}, ...). Destructive ones
 * (disable, set the role, revoke) first answer a confirmation page saying what will change; the others are done at
 * once from their form. A new credential's secret is shown on the answer page once, never stored in clear, never
 * recorded.
 */
final class PeopleRoutes {

    static final String PAGE = "/people";

    private final AuthService auth;
    private final Recorder recorder;
    private final SessionGate gate;
    private final Responder responder;
    private final InstantSource clock;

    PeopleRoutes(AuthService auth, Recorder recorder, SessionGate gate, Responder responder, InstantSource clock) {
        this.auth = auth;
        this.recorder = recorder;
        this.gate = gate;
        this.responder = responder;
        this.clock = clock;
    }

    /** One action on a user or credential; {@code confirm} non-null for destructive ones: what they will change. */
    private record Action(String name, String title, Confirm confirm, Work work) {
    }

    private interface Confirm {
        List<String> changes(Context ctx, String target);
    }

    private interface Work {
        /** Does it; returns the audit entry's detail (never a secret), or null. */
        String apply(Context ctx, String target);
    }

    void routes(JavalinConfig config) {
        config.routes.get(PAGE, responder.guarded(ctx -> {
            Viewer viewer = viewer(ctx);
            if (viewer != null) {
                ConsoleAccess.require(viewer.principal(), Permission.MANAGE_PEOPLE, null);
                responder.page(ctx, "people", Map.of("chrome", viewer.chrome("people"),
                        "view", new PeopleView(auth.accounts().list(), auth.credentials(), clock.instant())));
            }
        }));
        config.routes.post(PAGE + "/users", responder.guarded(ctx -> handle(ctx, new Action("user.create", "Create a user", null,
                (c, t) -> {
                    Set<String> scopes = names(c, "scopes");
                    User user = auth.accounts().create(field(c, "name"), Role.parse(field(c, "role")), c.formParam("password"), scopes);
                    return "role=" + user.role().wireName() + (scopes.isEmpty() ? "" : " scopes=" + String.join(",", scopes));
                }), null)));
        user(config, "disable", new Action("user.disable", "Disable user", (c, t) -> List.of(
                "refuse every sign-in of " + t + " until it is enabled again",
                "end its open console sessions at their next request"),
                (c, t) -> {
                    auth.accounts().disable(t);
                    return null;
                }));
        user(config, "enable", new Action("user.enable", "Enable user", null, (c, t) -> {
            auth.accounts().enable(t);
            return null;
        }));
        user(config, "role", new Action("user.set_role", "Set the role of", (c, t) -> List.of(
                "change the role of " + t + " from " + auth.accounts().user(t).role().wireName() + " to " + role(c).wireName(),
                "apply it at the user's next request: " + String.join(", ", role(c).permissions().stream()
                        .map(p -> p.name().toLowerCase(java.util.Locale.ROOT)).sorted().toList())),
                (c, t) -> "role=" + auth.accounts().setRole(t, role(c)).role().wireName()));
        user(config, "scopes", new Action("user.set_scopes", "Set the scopes of", null,
                (c, t) -> "scopes=" + String.join(",", auth.accounts().setScopes(t, names(c, "scopes")).scopes().stream().sorted().toList())));
        user(config, "password", new Action("user.reset_password", "Reset the password of", null, (c, t) -> {
            auth.setPassword(t, c.formParam("password"));
            return null;
        }));
        config.routes.post(PAGE + "/credentials", responder.guarded(this::createCredential));
        config.routes.post(PAGE + "/credentials/{id}/revoke", responder.guarded(ctx -> handle(ctx, new Action("credential.revoke",
                "Revoke credential", (c, t) -> List.of("refuse every request signed with credential " + describe(t) + " from now on",
                "keep its entry, marked revoked; this cannot be undone"),
                (c, t) -> {
                    if (!auth.revoke(t)) {
                        throw new Refusal(404, "Not found", "no active credential with id '" + t + "'; nothing was changed.");
                    }
                    return null;
                }), ctx.pathParam("id"))));
    }

    private void user(JavalinConfig config, String verb, Action action) {
        config.routes.post(PAGE + "/users/{name}/" + verb, responder.guarded(ctx -> handle(ctx, action, ctx.pathParam("name"))));
    }

    private Viewer viewer(Context ctx) {
        return gate.viewerOrLogin(ctx).orElse(null);
    }

    /** Checks the session, its token and the permission; then confirms, or does and records the action. */
    private void handle(Context ctx, Action action, String target) {
        Viewer viewer = checked(ctx);
        if (viewer == null) {
            return;
        }
        String reason = Recorder.reason(ctx);
        if (action.confirm() != null && !"yes".equals(ctx.formParam("confirmed"))) {
            confirm(ctx, viewer, action, target, reason, null);
            return;
        }
        if (reason.isEmpty()) {
            if (action.confirm() == null) {
                throw new BadRequestException("give a reason: it is kept in the audit trail. Go back and fill it in; nothing was changed.");
            }
            ctx.status(400);
            confirm(ctx, viewer, action, target, reason, "Give a reason: it is kept in the audit trail.");
            return;
        }
        String entryTarget = target == null ? field(ctx, "name") : target;
        recorder.begin(viewer, action.name(), entryTarget, reason, null)
                .run(() -> action.work().apply(ctx, target), detail -> entryTarget, detail -> detail);
        recorder.done(viewer, action.name(), entryTarget);
        ctx.redirect(PAGE, HttpStatus.SEE_OTHER);
    }

    private Viewer checked(Context ctx) {
        Viewer viewer = viewer(ctx);
        if (viewer != null) {
            gate.checkCsrf(ctx, viewer);
            ConsoleAccess.require(viewer.principal(), Permission.MANAGE_PEOPLE, null);
        }
        return viewer;
    }

    private void confirm(Context ctx, Viewer viewer, Action action, String target, String reason, String error) {
        String verb = ctx.path().substring(ctx.path().lastIndexOf('/') + 1);
        Map<String, String> hidden = verb.equals("role") ? Map.of("role", role(ctx).wireName()) : Map.of();
        String title = action.title() + " " + (ctx.path().contains("/credentials/") ? describe(target) : target);
        ConfirmView view = new ConfirmView(title, ctx.path(), action.confirm().changes(ctx, target), hidden, true, reason,
                PAGE, title, error);
        responder.page(ctx, "confirm", Map.of("chrome", viewer.chrome("people"), "view", view));
    }

    private void createCredential(Context ctx) {
        Viewer viewer = checked(ctx);
        if (viewer == null) {
            return;
        }
        String reason = Recorder.reason(ctx);
        if (reason.isEmpty()) {
            throw new BadRequestException("give a reason: it is kept in the audit trail. Go back and fill it in; nothing was changed.");
        }
        String name = field(ctx, "name");
        var issued = recorder.begin(viewer, "credential.create", name, reason, null)
                .run(() -> auth.createCredential(name, Role.parse(field(ctx, "role")), names(ctx, "holders"), names(ctx, "scopes")),
                        i -> i.credential().id(), i -> i.credential().describe());
        Credential c = issued.credential();
        recorder.done(viewer, "credential.create", c.id());
        ctx.status(201);
        responder.page(ctx, "secret", Map.of("chrome", viewer.chrome("people"), "view", new SecretView(c, issued.secret())));
    }

    private String describe(String id) {
        return auth.credentials().stream().filter(c -> c.id().equals(id)).findFirst()
                .map(c -> "'" + c.name() + "' (" + id + ")").orElse(id);
    }

    private static Role role(Context ctx) {
        return Role.parse(field(ctx, "role"));
    }


    private static String field(Context ctx, String name) {
        String value = ctx.formParam(name);
        return value == null ? "" : value.strip();
    }

    /** A comma- or space-separated list of names or patterns; empty for none. */
    private static Set<String> names(Context ctx, String name) {
        Set<String> names = new LinkedHashSet<>();
        Arrays.stream(field(ctx, name).split("[,\\s]+")).filter(s -> !s.isEmpty()).forEach(names::add);
        return names;
    }
}
