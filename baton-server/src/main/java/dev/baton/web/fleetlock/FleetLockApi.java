package dev.baton.web.fleetlock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.lock.AcquireRequest;
import dev.baton.lock.AcquireResult;
import dev.baton.lock.LockService;
import dev.baton.lock.Names;
import dev.baton.lock.Protocol;
import dev.baton.lock.ReleaseResult;
import dev.baton.web.ApiError;
import dev.baton.web.ErrorShape;
import dev.baton.web.HolderGate;
import dev.baton.web.Json;
import dev.baton.web.WebApp;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The FleetLock door (see {@code protocols/fleetlock.md}), for Zincati and {@code fleetlockctl}:
 * {@code POST {prefix}v1/pre-reboot} takes (or keeps) a slot of the group, {@code POST {prefix}v1/steady-state}
 * gives it back. A group is the lock of the same name; its slots are the lock's slots, read at each decision.
 *
 * <ul>
 *   <li>Requests need the header {@code fleet-lock-protocol: true} and the body
 *       {@code {"client_params":{"id":..., "group":...}}}, read whatever the Content-Type (Zincati sends none,
 *       curl sends a form type) and however it is laid out.</li>
 *   <li>200 {@code {}} is success, and only success. A full group is 409
 *       {@code {"kind":"failed_lock_semaphore_full"}}; a frozen or disabled lock 423; bad requests 400. Every error
 *       is {@code {"kind","value"}} with {@code kind} from {@link Kind}.</li>
 *   <li>Both operations are idempotent: locking again keeps the one slot; unlocking without holding is 200.</li>
 *   <li>Groups listed in the auth setting need HTTP Basic credentials allowed to hold as the client id; every
 *       other group is open, as Zincati cannot send credentials.</li>
 * </ul>
 */
public final class FleetLockApi {

    /** The {@code kind} values of FleetLock errors: a small fixed set, as clients use it as a metric label. */
    public static final class Kind {
        public static final String BAD_REQUEST = "bad_request";
        public static final String SEMAPHORE_FULL = "failed_lock_semaphore_full";
        public static final String FROZEN = "failed_lock_frozen";
        public static final String DISABLED = "failed_lock_disabled";
        public static final String UNKNOWN_GROUP = "unknown_group";

        private Kind() {
        }
    }

    public static final String HEADER = "fleet-lock-protocol";
    private static final Pattern GROUP = Pattern.compile("[a-zA-Z0-9.-]+");

    /** FleetLock's error shape; {@code kind} is the error code, {@code value} the message. */
    public static final ErrorShape SHAPE = (status, code, message) ->
            Json.write(Json.object().put("kind", code).put("value", message == null || message.isEmpty() ? "HTTP " + status : message));

    private final LockService locks;
    private final HolderGate gate;
    private final String prefix;
    private final boolean createOnFirstUse;
    private final Set<String> authGroups;

    /**
     * @param prefix     where the door is served, starting and ending with {@code /}
     * @param authGroups groups whose callers must authenticate
     */
    public FleetLockApi(LockService locks, HolderGate gate, String prefix, boolean createOnFirstUse, Set<String> authGroups) {
        this.locks = locks;
        this.gate = gate;
        this.prefix = prefix;
        this.createOnFirstUse = createOnFirstUse;
        this.authGroups = Set.copyOf(authGroups);
    }

    public WebApp.Door door() {
        return new WebApp.Door(prefix + "v1/", SHAPE, this::routes);
    }

    private void routes(JavalinConfig config) {
        config.routes.post(prefix + "v1/pre-reboot", this::preReboot);
        config.routes.post(prefix + "v1/steady-state", this::steadyState);
    }

    private void preReboot(Context ctx) {
        ClientParams params = read(ctx);
        String actor = authorize(ctx, params);
        AcquireResult result = locks.acquire(new AcquireRequest(params.group, params.id, actor, Protocol.FLEETLOCK,
                Duration.ZERO, createOnFirstUse));
        switch (result.status()) {
            case GRANTED, ALREADY_HELD -> ok(ctx);
            case NOT_FOUND -> throw new ApiError(404, Kind.UNKNOWN_GROUP, "group '" + params.group + "' does not exist");
            case FROZEN -> throw new ApiError(423, Kind.FROZEN, "group '" + params.group + "' is frozen: "
                    + result.lock().freezeReason());
            case DISABLED -> throw new ApiError(423, Kind.DISABLED, "group '" + params.group + "' is disabled");
            default -> throw new ApiError(409, Kind.SEMAPHORE_FULL, "semaphore currently full, all slots are locked already ("
                    + result.lock().holders().size() + " of " + result.lock().slots() + " held)");
        }
    }

    private void steadyState(Context ctx) {
        ClientParams params = read(ctx);
        String actor = authorize(ctx, params);
        ReleaseResult result = locks.release(params.group, params.id, actor, Protocol.FLEETLOCK, false);
        if (result.status() == ReleaseResult.Status.DISABLED) {
            throw new ApiError(423, Kind.DISABLED, "group '" + params.group + "' is disabled: its slots cannot be released");
        }
        ok(ctx); // released, or held nothing: both are success
    }

    /** Checks the header and reads {@code client_params}; 400 naming the problem. */
    private static ClientParams read(Context ctx) {
        String header = ctx.header(HEADER);
        if (header == null) {
            throw bad("missing header '" + HEADER + ": true'");
        }
        if (!header.strip().equalsIgnoreCase("true")) {
            throw bad("header '" + HEADER + "' must be 'true'");
        }
        String body = new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8);
        if (body.isBlank()) {
            throw bad("the body is empty; expected {\"client_params\":{\"id\":...,\"group\":...}}");
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw bad("the body is not JSON: " + e.getOriginalMessage());
        }
        JsonNode params = root == null ? null : root.get("client_params");
        if (params == null || !params.isObject()) {
            throw bad("'client_params' is missing or not an object");
        }
        JsonNode id = params.get("id");
        if (id == null || !id.isTextual() || id.asText().isEmpty()) {
            throw bad("'client_params.id' must be a non-empty string");
        }
        JsonNode group = params.get("group");
        if (group == null || !group.isTextual() || group.asText().isEmpty()) {
            throw bad("'client_params.group' must be a non-empty string");
        }
        String g = group.asText();
        if (g.length() > Names.MAX_LOCK_NAME || !GROUP.matcher(g).matches()) {
            throw bad("'client_params.group' must match ^[a-zA-Z0-9.-]+$ and have at most " + Names.MAX_LOCK_NAME + " characters");
        }
        if (g.equals(".") || g.equals("..")) {
            throw bad("'client_params.group' may not be '.' or '..'");
        }
        String i = id.asText();
        try {
            Names.holder(i);
        } catch (dev.baton.lock.BadRequestException e) {
            throw bad("'client_params.id': " + e.getMessage());
        }
        return new ClientParams(i, g);
    }

    /** Who the history names: the authenticated credential for a protected group, else the client id. */
    private String authorize(Context ctx, ClientParams params) {
        if (authGroups.contains(params.group)) {
            return gate.holder(ctx, params.id, Protocol.FLEETLOCK).name();
        }
        gate.checkIn(params.id, Protocol.FLEETLOCK);
        return params.id;
    }

    private static ApiError bad(String message) {
        return new ApiError(400, Kind.BAD_REQUEST, message);
    }

    private static void ok(Context ctx) {
        ctx.status(200).contentType("application/json").result("{}");
    }

    private record ClientParams(String id, String group) {
    }
}
