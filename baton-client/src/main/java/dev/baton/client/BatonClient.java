package dev.baton.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.client.http.HttpTransport;
import dev.baton.client.http.JsonResponse;
import dev.baton.client.http.TransportException;
import dev.baton.client.http.Urls;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * A client of Baton's native HTTP API ({@code /api/v3}), used by the admin CLI and the agent.
 *
 * <p>Every call returns the parsed JSON answer or throws {@link BatonClientException} with the server's
 * error code and message; a server that cannot be reached throws {@link BatonUnreachableException}, so
 * callers can tell "refused" from "retry later". Thread-safe.
 */
public final class BatonClient {

    /** Extra time beyond a requested wait before a long-poll request is given up on. */
    private static final Duration REQUEST_SLACK = Duration.ofSeconds(30);

    private final URI server;
    private final Auth auth;
    private final HttpTransport transport;

    /** How the client proves who it is. */
    public sealed interface Auth {
        String header();

        /** A user name and password (the admin user) or a credential id and secret, as HTTP Basic. */
        record Basic(String id, String secret) implements Auth {
            public String header() {
                return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public String toString() {
                return "Basic[" + id + ", secret hidden]";
            }
        }

        /** No credentials (health checks, TLS client certificates). */
        record None() implements Auth {
            public String header() {
                return null;
            }
        }
    }

    /**
     * @param server the server's base URL, e.g. {@code http://127.0.0.1:8080} (a trailing {@code /api/v3} is fine)
     * @param ssl    the TLS context (server CA, client certificate), or {@code null} for the JDK default
     */
    public BatonClient(URI server, Auth auth, SSLContext ssl) {
        this(new HttpTransport(ssl, null), server, auth);
    }

    /** A client sharing {@code transport} (its TLS context and connections) with other clients of the same run. */
    public BatonClient(HttpTransport transport, URI server, Auth auth) {
        this.server = ServerAddress.base(server);
        this.auth = auth;
        this.transport = transport;
    }

    public URI server() {
        return server;
    }

    /** The transport this client sends through. */
    public HttpTransport transport() {
        return transport;
    }

    // ------------------------------------------------------------------ locks

    /** The answer to an acquire. {@code position} is the place in the queue when a wait ran out. */
    public record AcquireResponse(boolean granted, String status, int position, JsonNode lock, String message) {
    }

    /** Takes a slot in {@code lock} as {@code holder}, waiting up to {@code wait} on the server. */
    public AcquireResponse acquire(String lock, String holder, Duration wait) {
        ObjectNode body = object().put("holder", holder).put("wait_seconds", wait.toSeconds());
        JsonNode answer = call("POST", lockPath(lock) + "/acquire", body, wait.plus(REQUEST_SLACK), 200, 409, 423);
        return new AcquireResponse(answer.path("granted").asBoolean(false), answer.path("status").asText(),
                answer.path("position").asInt(0), answer.path("lock"), answer.path("error").path("message").asText(null));
    }

    public record ReleaseResponse(boolean released, String status, JsonNode lock) {
    }

    /** Gives back the slot; {@code released=false, status=not_held} when the holder held none. */
    public ReleaseResponse release(String lock, String holder) {
        JsonNode answer = call("POST", lockPath(lock) + "/release", object().put("holder", holder), null, 200);
        return new ReleaseResponse(answer.path("released").asBoolean(false), answer.path("status").asText(), answer.path("lock"));
    }

    public JsonNode show(String lock) {
        return call("GET", lockPath(lock), null, null, 200);
    }

    public JsonNode list() {
        return call("GET", "api/v3/locks", null, null, 200);
    }

    public JsonNode forceRelease(String lock, String holder, String reason) {
        return call("POST", lockPath(lock) + "/force-release", object().put("holder", holder).put("reason", reason), null, 200);
    }

    public JsonNode setSlots(String lock, int slots) {
        return call("PATCH", lockPath(lock), object().put("slots", slots), null, 200);
    }

    /**
     * Sets a lock's own stale_after: {@code seconds} a duration, 0 off for this lock, {@code null} the server's default.
     */
    public JsonNode setStaleAfter(String lock, Long seconds, String reason) {
        var body = object();
        if (seconds == null) {
            body.putNull("stale_after_seconds");
        } else {
            body.put("stale_after_seconds", seconds);
        }
        if (reason != null) {
            body.put("reason", reason);
        }
        return call("PATCH", lockPath(lock), body, null, 200);
    }

    public JsonNode setEnabled(String lock, boolean enabled, String reason) {
        return call("POST", lockPath(lock) + (enabled ? "/enable" : "/disable"), object().put("reason", reason), null, 200);
    }

    /** Freezes one lock, or the whole fleet when {@code lock} is null. */
    public JsonNode freeze(String lock, String reason) {
        String path = lock == null ? "api/v3/fleet/freeze" : lockPath(lock) + "/freeze";
        return call("POST", path, object().put("reason", reason), null, 200);
    }

    public JsonNode unfreeze(String lock) {
        String path = lock == null ? "api/v3/fleet/unfreeze" : lockPath(lock) + "/unfreeze";
        return call("POST", path, object(), null, 200);
    }

    /** Events newest first, of one lock or (lock null) of the fleet. */
    public JsonNode events(String lock, Long before, int limit) {
        return events(lock, Map.of(), before, limit);
    }

    /**
     * Events newest first, of one lock or (lock null) of the fleet, with filters as the server takes them:
     * {@code type} (comma-separated), {@code holder}, {@code protocol}, {@code from}, {@code to} (ISO-8601 UTC).
     * Null or empty values are left out.
     */
    public JsonNode events(String lock, Map<String, String> filters, Long before, int limit) {
        StringBuilder path = new StringBuilder(lock == null ? "api/v3/events" : lockPath(lock) + "/events")
                .append("?limit=").append(limit);
        if (before != null) {
            path.append("&before=").append(before);
        }
        new java.util.TreeMap<>(filters).forEach((name, value) -> {
            if (value != null && !value.isEmpty()) {
                path.append('&').append(encode(name)).append('=').append(encode(value));
            }
        });
        return call("GET", path.toString(), null, null, 200);
    }

    // ------------------------------------------------------------------ credentials

    /** Creates a credential; the answer carries {@code id} and {@code secret} (shown once). */
    public JsonNode createCredential(String name, String role, Collection<String> holders) {
        return createCredential(name, role, holders, java.util.List.of());
    }

    /** Creates a credential limited to {@code scopes} (lock and host name patterns; none: everything). */
    public JsonNode createCredential(String name, String role, Collection<String> holders, Collection<String> scopes) {
        ObjectNode body = object().put("name", name).put("role", role);
        holders.forEach(body.putArray("holders")::add);
        scopes.forEach(body.putArray("scopes")::add);
        return call("POST", "api/v3/credentials", body, null, 201);
    }

    // ------------------------------------------------------------------ users and the audit trail

    /** Every user: {@code {"users":[{"name","role","enabled","scopes","created_at","disabled_at"}]}}. */
    public JsonNode users() {
        return call("GET", "api/v3/users", null, null, 200);
    }

    public JsonNode createUser(String name, String role, String password, Collection<String> scopes, String reason) {
        ObjectNode body = object().put("name", name).put("role", role).put("password", password).put("reason", reason);
        scopes.forEach(body.putArray("scopes")::add);
        return call("POST", "api/v3/users", body, null, 201);
    }

    /** Disables ({@code enabled} false) or enables a user. */
    public JsonNode setUserEnabled(String name, boolean enabled, String reason) {
        return call("POST", userPath(name) + (enabled ? "/enable" : "/disable"), object().put("reason", reason), null, 200);
    }

    public JsonNode setUserRole(String name, String role, String reason) {
        return call("PUT", userPath(name) + "/role", object().put("role", role).put("reason", reason), null, 200);
    }

    public JsonNode setUserScopes(String name, Collection<String> scopes, String reason) {
        ObjectNode body = object().put("reason", reason);
        scopes.forEach(body.putArray("scopes")::add);
        return call("PUT", userPath(name) + "/scopes", body, null, 200);
    }

    public JsonNode resetPassword(String name, String password, String reason) {
        return call("PUT", userPath(name) + "/password", object().put("password", password).put("reason", reason), null, 200);
    }

    /** Audit entries newest first, filtered when the arguments are not null: {@code {"entries":[...],"next_before"}}. */
    public JsonNode audit(String actor, String action, Long before, int limit) {
        StringBuilder path = new StringBuilder("api/v3/audit?limit=" + limit);
        if (actor != null) {
            path.append("&actor=").append(java.net.URLEncoder.encode(actor, StandardCharsets.UTF_8));
        }
        if (action != null) {
            path.append("&action=").append(java.net.URLEncoder.encode(action, StandardCharsets.UTF_8));
        }
        if (before != null) {
            path.append("&before=").append(before);
        }
        return call("GET", path.toString(), null, null, 200);
    }

    private static String userPath(String name) {
        return "api/v3/users/" + encode(name);
    }

    public JsonNode credentials() {
        return call("GET", "api/v3/credentials", null, null, 200);
    }

    public JsonNode revokeCredential(String id) {
        return call("DELETE", "api/v3/credentials/" + encode(id), null, null, 200);
    }

    // ------------------------------------------------------------------ hosts

    /**
     * Every host the server knows of, registered or only seen calling or reporting: {@code {"hosts":[{"name",
     * "registered","id","aliases","can_acquire_update_locks","last_check_in","last_protocol","last_report"}]}}.
     */
    public JsonNode hosts() {
        return call("GET", "api/v3/hosts", null, null, 200);
    }

    /** One host by name or alias, as {@link #hosts()} lists it. */
    public JsonNode host(String name) {
        return call("GET", "api/v3/hosts/" + encode(name), null, null, 200);
    }

    /** Registers a host with its aliases (certname, other FQDNs, FleetLock machine id). */
    public JsonNode addHost(String name, Collection<String> aliases) {
        ObjectNode body = object().put("name", name);
        aliases.forEach(body.putArray("aliases")::add);
        return call("POST", "api/v3/hosts", body, null, 201);
    }

    public JsonNode removeHost(String name) {
        return call("DELETE", "api/v3/hosts/" + encode(name), null, null, 200);
    }

    /** Allows ({@code true}) or bars the host from taking update locks (Foreman's can_acquire_update_locks). */
    public JsonNode setHostCanAcquire(String name, boolean allowed) {
        return call("POST", "api/v3/hosts/" + encode(name) + (allowed ? "/allow" : "/deny"), object(), null, 200);
    }

    // ------------------------------------------------------------------ agent progress

    /** The newest reported step of every host: {@code {"hosts":[{"host","run_id","phase","script","status",...}]}}. */
    public JsonNode progress() {
        return call("GET", "api/v3/progress", null, null, 200);
    }

    /** The steps reported under {@code host}, newest first: {@code {"reports":[...]}}. */
    public JsonNode reports(String host, int limit) {
        return call("GET", "api/v3/hosts/" + encode(host) + "/reports?limit=" + limit, null, null, 200);
    }

    /** Reports one step of an agent run. Best effort for the caller: it decides what a failure means. */
    public void report(String holder, JsonNode report) {
        call("POST", "api/v3/hosts/" + encode(holder) + "/reports", report, null, 200, 201, 202);
    }

    // ------------------------------------------------------------------ plumbing

    /** Any call of the API: answers the parsed body when the status is one of {@code ok}. */
    public JsonNode call(String method, String path, JsonNode body, Duration timeout, int... ok) {
        JsonResponse response;
        try {
            response = transport.send(method, server.resolve(path), body, authHeaders(), timeout);
        } catch (TransportException e) {
            throw new BatonUnreachableException(e.getMessage(), e);
        }
        return answer(response, ok);
    }

    /** A call of the API with a file as the body (streamed): answers the parsed body when the status is one of {@code ok}. */
    public JsonNode upload(String method, String path, java.nio.file.Path file, String contentType, Duration timeout,
                           int... ok) {
        JsonResponse response;
        try {
            response = transport.sendFile(method, server.resolve(path), file, contentType, authHeaders(), timeout);
        } catch (TransportException e) {
            throw new BatonUnreachableException(e.getMessage(), e);
        }
        return answer(response, ok);
    }

    private Map<String, String> authHeaders() {
        return auth.header() != null ? Map.of("Authorization", auth.header()) : Map.of();
    }

    private static JsonNode answer(JsonResponse response, int... ok) {
        for (int code : ok) {
            if (response.status() == code) {
                return response.body();
            }
        }
        JsonNode error = response.body().path("error");
        String message = error.path("message").asText(null);
        throw new BatonClientException(response.status(), error.path("code").asText("http_" + response.status()),
                message != null ? message : "the server answered HTTP " + response.status() + ": " + response.brief());
    }

    private static String lockPath(String lock) {
        if (lock == null || lock.isBlank()) {
            throw new IllegalArgumentException("a lock name may not be empty");
        }
        return "api/v3/locks/" + encode(lock);
    }

    private static String encode(String segment) {
        return Urls.segment(segment);
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }
}
