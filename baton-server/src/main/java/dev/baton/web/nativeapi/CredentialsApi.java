package dev.baton.web.nativeapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.auth.AuthService;
import dev.baton.auth.Principal;
import dev.baton.auth.Role;
import dev.baton.lock.BadRequestException;
import dev.baton.web.ApiError;
import dev.baton.web.HolderGate;
import dev.baton.web.Json;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API credentials under {@code /api/v3/credentials} (admin only): list, create (the secret is in the answer, once,
 * and never logged), revoke; and {@code /api/v3/whoami}, which tells any caller who the server takes it for.
 */
final class CredentialsApi {

    private static final Logger log = LoggerFactory.getLogger(CredentialsApi.class);
    private static final String CREDENTIALS = NativeApi.PREFIX + "/credentials";

    private final AuthService auth;
    private final HolderGate gate;

    CredentialsApi(AuthService auth, HolderGate gate) {
        this.auth = auth;
        this.gate = gate;
    }

    void routes(JavalinConfig config) {
        var r = config.routes;
        r.get(CREDENTIALS, this::list);
        r.post(CREDENTIALS, this::create);
        r.delete(CREDENTIALS + "/{id}", this::revoke);
        r.get(NativeApi.PREFIX + "/whoami", this::whoami);
    }

    private void list(Context ctx) {
        gate.admin(ctx);
        ObjectNode body = Json.object();
        var array = body.putArray("credentials");
        for (var c : auth.credentials()) {
            var o = array.addObject().put("id", c.id()).put("name", c.name()).put("role", c.role().wireName())
                    .put("created_at", Json.time(c.createdAt())).put("revoked_at", Json.time(c.revokedAt()));
            var holders = o.putArray("holders");
            c.holders().stream().sorted().forEach(holders::add);
        }
        Answers.ok(ctx, body);
    }

    private void create(Context ctx) {
        Principal caller = gate.admin(ctx);
        ObjectNode body = Json.parseObject(ctx.body());
        Role role = Role.parse(Json.text(body, "role"));
        Set<String> holders = new LinkedHashSet<>();
        var holderNode = body.get("holders");
        if (holderNode != null && !holderNode.isNull()) {
            if (!holderNode.isArray()) {
                throw new BadRequestException("'holders' must be a list of strings");
            }
            holderNode.forEach(h -> {
                if (!h.isTextual()) {
                    throw new BadRequestException("'holders' must be a list of strings");
                }
                holders.add(h.asText());
            });
        }
        var issued = auth.createCredential(Json.text(body, "name"), role, holders);
        var c = issued.credential();
        ObjectNode answer = Json.object().put("id", c.id()).put("secret", issued.secret()).put("name", c.name())
                .put("role", c.role().wireName()).put("created_at", Json.time(c.createdAt()));
        var array = answer.putArray("holders");
        c.holders().stream().sorted().forEach(array::add);
        log.info("credential {} ({}, role {}) created by {}", c.id(), c.name(), c.role().wireName(), caller.name());
        Answers.answer(ctx, 201, answer);
    }

    private void revoke(Context ctx) {
        Principal caller = gate.admin(ctx);
        String id = ctx.pathParam("id");
        if (!auth.revoke(id)) {
            throw ApiError.notFound("no active credential with id '" + id + "'");
        }
        log.info("credential {} revoked by {}", id, caller.name());
        Answers.ok(ctx, Json.object().put("revoked", true).put("id", id));
    }

    private void whoami(Context ctx) {
        Principal p = gate.caller(ctx);
        ObjectNode body = Json.object().put("id", p.id()).put("name", p.name()).put("role", p.role().wireName());
        var holders = body.putArray("holders");
        p.holders().stream().sorted().forEach(holders::add);
        Answers.ok(ctx, body);
    }
}
