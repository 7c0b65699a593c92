package dev.baton.web.nativeapi;

import dev.baton.web.Answers;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.auth.AuthService;
import dev.baton.auth.Permission;
import dev.baton.auth.Principal;
import dev.baton.auth.Role;
import dev.baton.auth.User;
import dev.baton.web.AuditLog;
import dev.baton.web.HolderGate;
import dev.baton.web.Json;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.Set;

/**
 * Users under {@code /api/v3/users} ({@link Permission#MANAGE_PEOPLE}): list, show, create (with a password), disable,
 * enable, set the role, set the scopes, reset the password. Answers never carry a password or its hash; each change
 * is recorded in the audit trail with the body's {@code reason}.
 */
final class UsersApi {

    private static final String USERS = NativeApi.PREFIX + "/users";
    private static final String USER = USERS + "/{name}";

    private final AuthService auth;
    private final HolderGate gate;
    private final AuditLog audit;

    UsersApi(AuthService auth, HolderGate gate, AuditLog audit) {
        this.auth = auth;
        this.gate = gate;
        this.audit = audit;
    }

    void routes(JavalinConfig config) {
        var r = config.routes;
        r.get(USERS, this::list);
        r.post(USERS, this::create);
        r.get(USER, ctx -> {
            gate.require(ctx, Permission.MANAGE_PEOPLE, null);
            Answers.ok(ctx, json(auth.accounts().user(ctx.pathParam("name"))));
        });
        r.post(USER + "/disable", ctx -> change(ctx, "user.disable", null, body -> auth.accounts().disable(ctx.pathParam("name"))));
        r.post(USER + "/enable", ctx -> change(ctx, "user.enable", null, body -> auth.accounts().enable(ctx.pathParam("name"))));
        r.put(USER + "/role", ctx -> change(ctx, "user.set_role", body -> "role=" + Role.parse(Json.text(body, "role")).wireName(),
                body -> auth.accounts().setRole(ctx.pathParam("name"), Role.parse(Json.text(body, "role")))));
        r.put(USER + "/scopes", ctx -> change(ctx, "user.set_scopes",
                body -> "scopes=" + String.join(",", CredentialsApi.stringSet(body, "scopes")),
                body -> auth.accounts().setScopes(ctx.pathParam("name"), CredentialsApi.stringSet(body, "scopes"))));
        r.put(USER + "/password", ctx -> change(ctx, "user.reset_password", null, body -> {
            auth.setPassword(ctx.pathParam("name"), Json.text(body, "password"));
            return auth.accounts().user(ctx.pathParam("name"));
        }));
    }

    private void list(Context ctx) {
        gate.require(ctx, Permission.MANAGE_PEOPLE, null);
        ObjectNode body = Json.object();
        var array = body.putArray("users");
        auth.accounts().list().forEach(u -> array.add(json(u)));
        Answers.ok(ctx, body);
    }

    private void create(Context ctx) {
        Principal caller = gate.require(ctx, Permission.MANAGE_PEOPLE, null);
        ObjectNode body = Json.parseObject(ctx.body());
        Set<String> scopes = CredentialsApi.stringSet(body, "scopes");
        String name = Json.text(body, "name");
        Role role = Role.parse(Json.text(body, "role"));
        User user = audit.begin(ctx, caller, "user.create", name, Json.optionalText(body, "reason"),
                        "role=" + role.wireName() + (scopes.isEmpty() ? "" : " scopes=" + String.join(",", scopes)))
                .run(() -> auth.accounts().create(name, role, Json.text(body, "password"), scopes));
        Answers.answer(ctx, 201, json(user));
    }

    /** A change of the user in the path: checked, its entry begun, done, the entry settled (with {@code detail} of the body), answered with the user. */
    private void change(Context ctx, String action, java.util.function.Function<ObjectNode, String> detail,
                        java.util.function.Function<ObjectNode, User> work) {
        Principal caller = gate.require(ctx, Permission.MANAGE_PEOPLE, null);
        ObjectNode body = Json.parseObject(ctx.body());
        User user = audit.begin(ctx, caller, action, ctx.pathParam("name"), Json.optionalText(body, "reason"),
                detail == null ? null : detail.apply(body)).run(() -> work.apply(body));
        Answers.ok(ctx, json(user));
    }

    static ObjectNode json(User u) {
        ObjectNode o = Json.object().put("name", u.name()).put("role", u.role().wireName())
                .put("enabled", !u.disabled()).put("created_at", Json.time(u.createdAt()))
                .put("disabled_at", Json.time(u.disabledAt()));
        CredentialsApi.strings(o, "scopes", u.scopes());
        return o;
    }
}
