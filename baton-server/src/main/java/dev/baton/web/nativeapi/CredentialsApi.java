package dev.baton.web.nativeapi;

import dev.baton.web.Answers;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.auth.AuthService;
import dev.baton.auth.Permission;
import dev.baton.auth.Principal;
import dev.baton.auth.Role;
import dev.baton.lock.BadRequestException;
import dev.baton.web.ApiError;
import dev.baton.web.AuditLog;
import dev.baton.web.HolderGate;
import dev.baton.web.Json;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API credentials under {@code /api/v3/credentials} ({@link Permission#MANAGE_PEOPLE}): list, create (the secret is in the answer, once,
 * and never logged), revoke; and {@code /api/v3/whoami}, which tells any caller who the server takes it for.
 */
final class CredentialsApi {

    private static final Logger log = LoggerFactory.getLogger(CredentialsApi.class);
    private static final String CREDENTIALS = NativeApi.PREFIX + "/credentials";

    private final AuthService auth;
    private final HolderGate gate;
    private final AuditLog audit;

    CredentialsApi(AuthService auth, HolderGate gate, AuditLog audit) {
        this.auth = auth;
        this.gate = gate;
        this.audit = audit;
    }

    void routes(JavalinConfig config) {
        var r = config.routes;
        r.get(CREDENTIALS, this::list);
        r.post(CREDENTIALS, this::create);
        r.delete(CREDENTIALS + "/{id}", this::revoke);
        r.get(NativeApi.PREFIX + "/whoami", this::whoami);
    }

    private void list(Context ctx) {
        gate.require(ctx, Permission.MANAGE_PEOPLE, null);
        ObjectNode body = Json.object();
        var array = body.putArray("credentials");
        for (var c : auth.credentials()) {
            var o = array.addObject().put("id", c.id()).put("name", c.name()).put("role", c.role().wireName())
                    .put("created_at", Json.time(c.createdAt())).put("revoked_at", Json.time(c.revokedAt()));
            var holders = o.putArray("holders");
            c.holders().stream().sorted().forEach(holders::add);
            strings(o, "scopes", c.scopes());
        }
        Answers.ok(ctx, body);
    }

    private void create(Context ctx) {
        Principal caller = gate.require(ctx, Permission.MANAGE_PEOPLE, null);
        ObjectNode body = Json.parseObject(ctx.body());
        Role role = Role.parse(Json.text(body, "role"));
        Set<String> holders = stringSet(body, "holders");
        Set<String> scopes = stringSet(body, "scopes");
        String name = Json.text(body, "name");
        var issued = audit.begin(ctx, caller, "credential.create", name, Json.optionalText(body, "reason"), null)
                .run(() -> auth.createCredential(name, role, holders, scopes), i -> i.credential().id(),
                        i -> i.credential().describe());
        var c = issued.credential();
        ObjectNode answer = Json.object().put("id", c.id()).put("secret", issued.secret()).put("name", c.name())
                .put("role", c.role().wireName()).put("created_at", Json.time(c.createdAt()));
        var array = answer.putArray("holders");
        c.holders().stream().sorted().forEach(array::add);
        strings(answer, "scopes", c.scopes());
        log.info("credential {} ({}, role {}) created by {}", c.id(), c.name(), c.role().wireName(), caller.name());
        Answers.answer(ctx, 201, answer);
    }

    private void revoke(Context ctx) {
        Principal caller = gate.require(ctx, Permission.MANAGE_PEOPLE, null);
        String id = ctx.pathParam("id");
        audit.begin(ctx, caller, "credential.revoke", id, ctx.queryParam("reason"), null).run(() -> {
            if (!auth.revoke(id)) {
                throw ApiError.notFound("no active credential with id '" + id + "'");
            }
            return true;
        });
        log.info("credential {} revoked by {}", id, caller.name());
        Answers.ok(ctx, Json.object().put("revoked", true).put("id", id));
    }

    private void whoami(Context ctx) {
        Principal p = gate.caller(ctx);
        ObjectNode body = Json.object().put("id", p.id()).put("name", p.name()).put("role", p.role().wireName());
        var holders = body.putArray("holders");
        p.holders().stream().sorted().forEach(holders::add);
        strings(body, "scopes", p.scopes());
        Answers.ok(ctx, body);
    }

    /** An optional list of strings in a request body; 400 naming the field when it is something else. */
    static Set<String> stringSet(ObjectNode body, String field) {
        Set<String> values = new LinkedHashSet<>();
        var node = body.get(field);
        if (node != null && !node.isNull()) {
            if (!node.isArray()) {
                throw new BadRequestException("'" + field + "' must be a list of strings");
            }
            node.forEach(h -> {
                if (!h.isTextual()) {
                    throw new BadRequestException("'" + field + "' must be a list of strings");
                }
                values.add(h.asText());
            });
        }
        return values;
    }

    /** Puts {@code values}, sorted, as an array {@code field}. */
    static void strings(ObjectNode o, String field, Set<String> values) {
        var array = o.putArray(field);
        values.stream().sorted().forEach(array::add);
    }
}
